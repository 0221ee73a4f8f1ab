package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.CaliforniaHousing;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.train.callbacks.EarlyStopping;
import dev.nabla.train.metrics.Regression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the README's Keras-style example true: the same code runs here, and must stay identical. */
class ReadmeTrainingExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "nabla", "train",
            "ReadmeTrainingExampleTest.java");

    @Test
    void exampleTrainsTheHousingMlp() {
        // README example begins
        TrainTestSplit data = CaliforniaHousing.benchmarkSplit().data();   // standardized, 80/20, seed 42

        var model = new Sequential(
                new Linear(8, 64), new ReLU(),
                new Linear(64, 64), new ReLU(),
                new Linear(64, 1));
        model.compile(new Adam(model.parameters(), 1e-3), new MSELoss(), Regression.mae());
        System.out.print(model.summary(8));

        History history = model.fit(data.xTrain(), data.yTrain(), new FitOptions()
                .epochs(5).batchSize(32).validationSplit(0.1)
                .compiled(true)                                            // captured once, then replayed
                .callbacks(new EarlyStopping(3)));                         // restores the best weights
        Map<String, Double> test = model.evaluate(data.xTest(), data.yTest());
        System.out.println(test);                                          // {loss=0.3..., mae=0.4...}
        // README example ends

        assertEquals(5, history.epochs());
        assertTrue(test.get("loss") < 0.45, test.toString());
    }

    @Test
    void readmeShowsThisCode() throws IOException {
        String readme = Files.readString(README);
        int first = readme.indexOf("```java\n");
        int start = readme.indexOf("```java\n", first + 1);
        assertTrue(start >= 0, "README.md has a second ```java block");
        String block = readme.substring(start + 8, readme.indexOf("```", start + 8));
        List<String> source = Files.readAllLines(SOURCE);
        int from = source.indexOf("        // README example begins") + 1;
        int to = source.indexOf("        // README example ends");
        StringBuilder code = new StringBuilder();
        for (String line : source.subList(from, to)) {
            code.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        assertEquals(code.toString(), block, "README's second ```java block must equal this test's example");
    }
}
