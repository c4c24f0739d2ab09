package dev.lading.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that runs the real cross tools: clang and lld, zig, CMake, the Debian cross sysroots under /usr or qemu-user,
 * as scripts/install-deps.sh installs them. Tagged {@value #TAG}: a plain {@code mvn test} leaves these out (the
 * parent pom's {@code lading.excludedGroups}); scripts/test.sh runs them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RequiresToolchain.TAG)
public @interface RequiresToolchain {
    String TAG = "toolchain";
}
