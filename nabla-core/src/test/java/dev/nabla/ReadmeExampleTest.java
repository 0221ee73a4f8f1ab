package dev.nabla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's code example true: the same code runs here, and must stay identical. */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "nabla", "ReadmeExampleTest.java");

    @Test
    void exampleFitsALinearModel() {
        // README example begins
        Generator gen = new Generator(0);                        // seeded: same numbers every run
        Tensor x = Tensor.randn(gen, 64, 3);                     // 64 samples, 3 features
        Tensor trueW = Tensor.of(new float[] {2, -1, 0.5f}, 3, 1);
        Tensor y = x.matmul(trueW).add(0.3);                     // targets of a linear model

        Tensor w = Tensor.zeros(3, 1).requiresGrad(true);        // parameters to learn
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        for (int step = 0; step < 200; step++) {
            Tensor loss = x.matmul(w).add(b).sub(y).pow(2).mean(); // mean squared error
            loss.backward();                                     // fills w.grad() and b.grad()
            try (var noGrad = Tensor.noGrad()) {                 // update without recording
                w.sub_(w.grad().mul(0.1));                       // PyTorch's in-place w -= 0.1 * grad
                b.sub_(b.grad().mul(0.1));
            }
            w.zeroGrad();
            b.zeroGrad();
        }
        System.out.println(w);                                   // close to [[2], [-1], [0.5]]
        // README example ends

        assertTrue(w.allClose(trueW, 0, 1e-4), w.toString());
        assertEquals(0.3, b.item(), 1e-4);
    }

    @Test
    void readmeShowsThisCode() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README.md has a ```java block");
        String block = readme.substring(start + 8, readme.indexOf("```", start + 8));

        List<String> source = Files.readAllLines(SOURCE);
        int from = source.indexOf("        // README example begins") + 1;
        int to = source.indexOf("        // README example ends");
        StringBuilder code = new StringBuilder();
        for (String line : source.subList(from, to)) {
            code.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        assertEquals(code.toString(), block.substring(block.indexOf("Generator gen")),
                "the README's example and " + SOURCE + " differ; update one to match the other");
    }
}
