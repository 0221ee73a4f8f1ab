package dev.nabla.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method once per backend of {@link Parity#BACKENDS} (instead of
 * {@code @Test}), with that backend as the default; the method may take the {@code Backend} as
 * a parameter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(BackendExtension.class)
public @interface OnEveryBackend {
}
