package dev.nabla.spark;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference with a saved Nabla model as a Spark ML {@link Transformer}: adds a prediction
 * column to a DataFrame. Each executor loads the model directory once (and keeps it while its
 * {@code model.json} is unchanged); each partition is fed to it in batches of {@code batchSize} rows.
 *
 * <p>A model saved by {@code nabla train} (or {@code nabla spark-train}) carries its preprocessing,
 * applied as {@code nabla predict} does: the input columns default to its features, they are
 * scaled with the training scaler, and the prediction is the class label (a string) for
 * classification or a number in the target's units (a double) for regression. A model saved
 * without preprocessing needs {@code inputCols}; its prediction is the raw output row (array of floats).
 *
 * <pre>{@code
 * NablaModel nabla = new NablaModel().setModelPath("/models/housing").setPredictionCol("price");
 * Dataset<Row> scored = nabla.transform(spark.read().parquet("houses.parquet"));
 * new Pipeline().setStages(new PipelineStage[] {assembler, nabla}).fit(df).write().save("/pipelines/p1");
 * }</pre>
 *
 * Saved and loaded as a pipeline stage with its parameters (the model directory is referred to by path).
 */
public final class NablaModel extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    /** How many times an executor (this JVM) has loaded a model directory; for tests. */
    static final AtomicInteger LOADS = new AtomicInteger();
    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

    private final String uid;
    private final Param<String> modelPath;
    private final StringArrayParam inputCols;
    private final Param<String> predictionCol;
    private final IntParam batchSize;

    /** A transformer with a random uid. */
    public NablaModel() {
        this("nabla_" + UUID.randomUUID().toString().substring(0, 12));
    }

    /** A transformer with {@code uid} (used when a pipeline is loaded). */
    public NablaModel(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "directory of a model saved by Nabla");
        inputCols = new StringArrayParam(this, "inputCols",
                "feature columns (numbers, arrays or vectors); default: the model's saved features");
        predictionCol = new Param<>(this, "predictionCol", "output column");
        batchSize = new IntParam(this, "batchSize", "rows per forward pass");
        setDefault(predictionCol, "prediction");
        setDefault(batchSize, 1024);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The model directory (visible to every executor). */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The feature columns, in the model's input order. */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** The column added. */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** Rows per forward pass. */
    public IntParam batchSize() {
        return batchSize;
    }

    public NablaModel setModelPath(String path) {
        set(modelPath, path);
        return this;
    }

    public NablaModel setInputCols(String... columns) {
        set(inputCols, columns);
        return this;
    }

    public NablaModel setPredictionCol(String column) {
        set(predictionCol, column);
        return this;
    }

    public NablaModel setBatchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("NablaModel: batchSize must be >= 1, got " + rows);
        }
        set(batchSize, rows);
        return this;
    }

    /** Reads a stage saved by {@code write().save(path)} (also what {@code Pipeline.load} calls). */
    public static MLReader<NablaModel> read() {
        return new DefaultParamsReader<>();
    }

    /** {@code read().load(path)}. */
    public static NablaModel load(String path) {
        return read().load(path);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String out = $(predictionCol);
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("NablaModel: the DataFrame already has a column '" + out + "'");
        }
        Loaded model = loaded();
        RowReader.of(schema, columns(model), null);
        return schema.add(out, model.outputType(), false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Loaded model = loaded();
        RowReader reader = RowReader.of(dataset.schema(), columns(model), null);
        return dataset.toDF().mapPartitions(new Predict(model.path, reader, (Integer) $(batchSize)), Encoders.row(out));
    }

    @Override
    public NablaModel copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    private String[] columns(Loaded model) {
        if (isDefined(inputCols)) {
            return $(inputCols);
        }
        if (model.preprocessing == null) {
            throw new IllegalArgumentException("NablaModel: " + model.path
                    + " has no saved preprocessing; set inputCols to the feature columns");
        }
        return model.preprocessing.features().toArray(String[]::new);
    }

    private Loaded loaded() {
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("NablaModel: set modelPath to a model directory saved by Nabla");
        }
        return Loaded.of(Path.of($(modelPath)));
    }

    /** A model directory loaded in this JVM: the network and its preprocessing (null if none). */
    private record Loaded(String path, dev.nabla.nn.Module module, TabularPreprocessing preprocessing) {

        /** The cached model of {@code dir}, loaded again only when its {@code model.json} changed. */
        static Loaded of(Path dir) {
            try {
                Path json = dir.resolve(ModelFiles.MODEL_JSON);
                if (!Files.isRegularFile(json)) {
                    throw new IOException("NablaModel: no model directory at " + dir);
                }
                String key = dir.toAbsolutePath() + "@" + Files.getLastModifiedTime(json).toMillis();
                Loaded cached = CACHE.get(key);
                if (cached == null) {
                    cached = CACHE.computeIfAbsent(key, k -> read(dir));
                }
                return cached;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        private static Loaded read(Path dir) {
            try {
                LOADS.incrementAndGet();
                ModelFiles.Saved saved = ModelFiles.read(dir);
                TabularPreprocessing p = saved.preprocessing() == null ? null : TabularPreprocessing.load(dir).preprocessing();
                return new Loaded(dir.toString(), saved.module(), p);
            } catch (IOException e) {
                throw new UncheckedIOException("NablaModel: cannot load " + dir + ": " + e.getMessage(), e);
            }
        }

        DataType outputType() {
            if (preprocessing == null) {
                return DataTypes.createArrayType(DataTypes.FloatType, false);
            }
            return preprocessing.classification() ? DataTypes.StringType : DataTypes.DoubleType;
        }

        /** The prediction of each row of {@code x} ({@code [n, features]}). */
        Object[] predict(Tensor x) {
            int n = x.size(0);
            Object[] out = new Object[n];
            if (preprocessing == null) {
                Tensor y;
                try (var inference = Module.inference(); var noGrad = Tensor.noGrad()) {
                    y = module.forward(x);
                }
                float[] v = y.toFloatArray();
                int width = n == 0 ? 0 : v.length / n;
                for (int i = 0; i < n; i++) {
                    List<Float> row = new ArrayList<>(width);
                    for (int j = 0; j < width; j++) {
                        row.add(v[i * width + j]);
                    }
                    out[i] = row;
                }
                return out;
            }
            double[] p = preprocessing.predictNumbers(preprocessing.outputs(module, x));
            for (int i = 0; i < n; i++) {
                out[i] = preprocessing.classification() ? preprocessing.classes().get((int) p[i]) : (Object) p[i];
            }
            return out;
        }
    }

    /** Each partition, in batches: the rows with their prediction appended. */
    private record Predict(String path, RowReader reader, int batch) implements MapPartitionsFunction<Row, Row>,
            Serializable {

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Loaded model = Loaded.of(Path.of(path));
            return new Iterator<>() {
                private final List<Row> pending = new ArrayList<>();
                private Object[] predictions;
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < pending.size()) {
                        return true;
                    }
                    pending.clear();
                    next = 0;
                    while (pending.size() < batch && rows.hasNext()) {
                        pending.add(rows.next());
                    }
                    if (pending.isEmpty()) {
                        return false;
                    }
                    predictions = model.predict(reader.read(pending.iterator())[0]);
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row row = pending.get(next);
                    Object[] values = new Object[row.length() + 1];
                    for (int i = 0; i < row.length(); i++) {
                        values[i] = row.get(i);
                    }
                    values[row.length()] = predictions[next++];
                    return RowFactory.create(values);
                }
            };
        }
    }
}
