package dev.lading.registry;

import dev.lading.core.LadingException;
import java.time.Duration;
import java.util.Optional;

/**
 * A registry refused or failed a request, or could not be reached. Carries what a retry decision and a clear
 * message need: the registry and repository, the HTTP status (0 when no answer came), the first error code of the
 * body and the server's {@code Retry-After}. Messages never hold credentials or tokens.
 */
public final class RegistryException extends LadingException {
    private final String registry;
    private final String repository;
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public RegistryException(String message, String registry, String repository, int status, String code,
                             Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.registry = registry;
        this.repository = repository;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public String registry() {
        return registry;
    }

    public String repository() {
        return repository;
    }

    /**
     * The HTTP status, 0 when the registry gave no answer (connection refused, reset, timed out), or -1 when lading
     * refused what it got (a TLS certificate, a redirect, a document or token it will not take): asking again
     * would meet the same refusal.
     */
    public int status() {
        return status;
    }

    /** The first {@code errors[].code} of the response body, e.g. {@code BLOB_UNKNOWN}; null when none. */
    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Worth another attempt: no answer at all, a timeout, throttling or a server-side failure. */
    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500 && status != 501 && status != 505
                || "TOOMANYREQUESTS".equals(code) || "UNAVAILABLE".equals(code);
    }
}
