package dev.lading.registry;

import dev.lading.core.LadingException;
import dev.lading.core.model.RepositoryName;
import java.time.Duration;
import java.util.Optional;

/**
 * A registry refused or failed a request, or could not be reached. Carries what a retry decision and a clear
 * message need: the registry and repository, how the request failed ({@link Kind}), and for an answer its HTTP
 * status, the first error code of the body and the server's {@code Retry-After}. Messages never hold credentials
 * or tokens.
 */
public final class RegistryException extends LadingException {
    /** How a request failed. */
    public enum Kind {
        /** The registry answered with an error status. */
        ANSWERED,
        /** No (complete) answer came: connection refused, reset or dropped, a deadline passed, a transfer stalled. */
        NO_ANSWER,
        /**
         * lading refused what it got (a TLS certificate, a redirect, a document or token it will not take): asking
         * again would meet the same refusal.
         */
        REFUSED
    }

    /** The {@link #code()} of a request that ran out of time. */
    public static final String STALLED = "STALLED";

    private final String registry;
    private final RepositoryName repository;
    private final Kind kind;
    private final int status;
    private final String code;
    private final Duration retryAfter;

    private RegistryException(String message, String registry, RepositoryName repository, Kind kind, int status,
                              String code, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.registry = repository != null ? repository.registry() : registry;
        this.repository = repository;
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** An error answer: {@code status}, the body's first error {@code code} (or null), its {@code Retry-After}. */
    public static RegistryException answered(String message, RepositoryName repository, int status, String code,
                                             Duration retryAfter) {
        return answered(message, repository.registry(), repository, status, code, retryAfter);
    }

    /** @param code a name for what was refused, e.g. {@code MANIFEST_INVALID}; null when the message says enough */
    public static RegistryException refused(String message, RepositoryName repository, String code,
                                            Throwable cause) {
        return refused(message, repository.registry(), repository, code, cause);
    }

    // A request to a registry as a whole (its ping, a token, a login check) has no repository: the factories
    // below, for the code that speaks to a registry, take its host and the repository when there is one.

    static RegistryException answered(String message, String registry, RepositoryName repository, int status,
                                      String code, Duration retryAfter) {
        return new RegistryException(message, registry, repository, Kind.ANSWERED, status, code, retryAfter, null);
    }

    static RegistryException noAnswer(String message, String registry, RepositoryName repository, Throwable cause) {
        return new RegistryException(message, registry, repository, Kind.NO_ANSWER, 0, null, null, cause);
    }

    /** No complete answer within the request's deadline, or a transfer under the minimum rate. */
    static RegistryException stalled(String message, String registry, RepositoryName repository, Throwable cause) {
        return new RegistryException(message, registry, repository, Kind.NO_ANSWER, 0, STALLED, null, cause);
    }

    static RegistryException refused(String message, String registry, RepositoryName repository, String code,
                                     Throwable cause) {
        return new RegistryException(message, registry, repository, Kind.REFUSED, 0, code, null, cause);
    }

    /** The same failure under another message, e.g. one that adds what an earlier try met. */
    RegistryException withMessage(String message, Throwable cause) {
        return new RegistryException(message, registry, repository, kind, status, code, retryAfter, cause);
    }

    /** The registry's host. */
    public String registry() {
        return registry;
    }

    /** The repository the request was about; empty for a request to the registry as a whole. */
    public Optional<RepositoryName> repository() {
        return Optional.ofNullable(repository);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of an {@link Kind#ANSWERED} failure; 0 for the other kinds. */
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
        return switch (kind) {
            case NO_ANSWER -> true;
            case REFUSED -> false;
            case ANSWERED -> status == 408 || status == 429 || status >= 500 && status != 501 && status != 505
                    || "TOOMANYREQUESTS".equals(code) || "UNAVAILABLE".equals(code);
        };
    }
}
