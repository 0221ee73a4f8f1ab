package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch inference over DataFrames: equal to local prediction, once-per-executor loading, pipelines. */
class NablaModelTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path classifier;
    static Path regressor;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.start();
        Tensor.manualSeed(11);
        classifier = tmp.resolve("classifier");
        save(classifier, 3, new TabularPreprocessing("classification", List.of("a", "b", "c"), "species",
                new StandardScaler(new double[] {0.1, -0.2, 0.5}, new double[] {0.7, 0.6, 0.3}), null,
                List.of("setosa", "versicolor", "virginica"), Map.of()));
        regressor = tmp.resolve("regressor");
        save(regressor, 1, new TabularPreprocessing("regression", List.of("c", "a"), "price",
                new StandardScaler(new double[] {0.5, 0}, new double[] {0.3, 0.7}),
                new StandardScaler(new double[] {200}, new double[] {50}), null, Map.of()));
    }

    static void save(Path dir, int outputs, TabularPreprocessing p) throws Exception {
        Module net = new Sequential(new Linear(p.features().size(), 16), new ReLU(), new Linear(16, outputs));
        ModelFiles.save(net, dir, p.toJson(), Map.of());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> rows(long n, int partitions) {
        return spark.range(0, n, 1, partitions).selectExpr("id", "sin(id) AS a", "cos(id * 0.7) AS b",
                "(id % 97) / 97.0 AS c");
    }

    /** Local prediction ({@code nabla predict}'s steps) of the given columns of {@code rows}. */
    static List<Object> predictLocally(Path dir, List<Row> rows, String... columns) throws Exception {
        TabularPreprocessing.Loaded m = TabularPreprocessing.load(dir);
        float[] x = new float[rows.size() * columns.length];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.length; j++) {
                x[i * columns.length + j] = ((Number) rows.get(i).get(rows.get(i).fieldIndex(columns[j]))).floatValue();
            }
        }
        TabularPreprocessing p = m.preprocessing();
        double[] pred = p.predictNumbers(p.outputs(m.module(), Tensor.of(x, rows.size(), columns.length)));
        List<Object> out = new ArrayList<>();
        for (double v : pred) {
            out.add(p.classification() ? p.classes().get((int) v) : (Object) v);
        }
        return out;
    }

    @Test
    void aMillionRowsArePredictedAsLocallyRowForRowLoadingTheModelOnce() throws Exception {
        int loadsBefore = NablaModel.LOADS.get();
        Dataset<Row> scored = new NablaModel().setModelPath(classifier.toString()).setPredictionCol("species")
                .transform(rows(1_000_000, 8));
        assertEquals("string", scored.schema().apply("species").dataType().typeName());
        Iterator<Row> it = scored.toLocalIterator();
        long n = 0;
        List<Row> chunk = new ArrayList<>();
        while (it.hasNext()) {
            chunk.add(it.next());
            if (chunk.size() == 100_000 || !it.hasNext()) {
                List<Object> expected = predictLocally(classifier, chunk, "a", "b", "c");
                for (int i = 0; i < chunk.size(); i++) {
                    assertEquals(n + i, chunk.get(i).getLong(0), "rows keep their order");
                    assertEquals(expected.get(i), chunk.get(i).getString(4), "row " + (n + i));
                }
                n += chunk.size();
                chunk.clear();
            }
        }
        assertEquals(1_000_000, n);
        assertEquals(1, NablaModel.LOADS.get() - loadsBefore, "8 partitions, one JVM: the model is loaded once");
    }

    @Test
    void regressionPredictsInTheTargetsUnits() throws Exception {
        List<Row> scored = new NablaModel().setModelPath(regressor.toString()).setBatchSize(100)
                .transform(rows(1000, 3)).collectAsList();
        List<Object> expected = predictLocally(regressor, scored, "c", "a");
        for (int i = 0; i < scored.size(); i++) {
            assertEquals((Double) expected.get(i), scored.get(i).getDouble(4), 1e-3, "row " + i);
        }
        double mean = scored.stream().mapToDouble(r -> r.getDouble(4)).average().orElseThrow();
        assertTrue(mean > 50 && mean < 350, "predictions are in the target's units (around 200): " + mean);
    }

    @Test
    void aPipelineWithTheStageIsSavedAndLoaded() throws Exception {
        Dataset<Row> data = rows(500, 2);
        NablaModel stage = new NablaModel().setModelPath(classifier.toString()).setBatchSize(64);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {stage}).fit(data);
        String path = tmp.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        NablaModel back = (NablaModel) loaded.stages()[0];
        assertEquals(64, back.getOrDefault(back.batchSize()));
        assertEquals(classifier.toString(), back.getOrDefault(back.modelPath()));
        assertEquals(stage.uid(), back.uid());
        List<Row> a = fitted.transform(data).collectAsList();
        List<Row> b = loaded.transform(data).collectAsList();
        assertEquals(a, b);
    }

    @Test
    void wrongColumnsAreClearErrors() {
        NablaModel m = new NablaModel().setModelPath(classifier.toString());
        var missing = assertThrows(IllegalArgumentException.class, () -> m.transform(rows(10, 1).drop("b")));
        assertTrue(missing.getMessage().startsWith("spark: no column 'b' in the DataFrame"), missing.getMessage());
        var taken = assertThrows(IllegalArgumentException.class,
                () -> m.transform(rows(10, 1).withColumnRenamed("id", "prediction")));
        assertEquals("NablaModel: the DataFrame already has a column 'prediction'", taken.getMessage());
        var noPath = assertThrows(IllegalArgumentException.class, () -> new NablaModel().transform(rows(10, 1)));
        assertEquals("NablaModel: set modelPath to a model directory saved by Nabla", noPath.getMessage());
    }
}
