package dev.nabla.cuda;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test class or method only where {@link Cuda#isAvailable()}; elsewhere it is skipped
 * with the reason ({@code cuda: no CUDA driver found (libcuda.so.1)}), printed once per run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OnGpu.Condition.class)
public @interface OnGpu {
    /** The condition behind {@link OnGpu}. */
    final class Condition implements ExecutionCondition {
        private static volatile boolean told;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String why = Cuda.unavailableReason();
            if (why == null) {
                return ConditionEvaluationResult.enabled("CUDA device " + Cuda.device(0));
            }
            if (!told) {
                told = true;
                System.out.println("GPU tests skipped: " + why);
            }
            return ConditionEvaluationResult.disabled("GPU tests skipped: " + why);
        }
    }
}
