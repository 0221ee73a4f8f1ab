package dev.nabla.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test (or every test of the annotated class) with the named backend as the
 * default, restoring the previous default afterwards: {@code @OnBackend("ref")} for float64
 * gradient checks.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BackendExtension.class)
public @interface OnBackend {
    /** The backend's name, as {@code Backends.byName} takes it ({@code "ref"} or {@code "cpu"}). */
    String value();
}
