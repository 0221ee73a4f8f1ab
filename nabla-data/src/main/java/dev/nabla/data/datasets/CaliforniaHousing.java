package dev.nabla.data.datasets;

import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.data.NumpyRandomState;
import dev.nabla.data.TabularData;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The California housing data (1990 census block groups; Pace and Barry, 1997) as scikit-learn's
 * {@code fetch_california_housing} gives it: 20 640 rows, eight derived features in sklearn's
 * order, and the median house value in units of $100 000.
 *
 * <p>Features: {@code MedInc} = medianIncome, {@code HouseAge} = housingMedianAge,
 * {@code AveRooms} = totalRooms / households, {@code AveBedrms} = totalBedrooms / households,
 * {@code Population}, {@code AveOccup} = population / households, {@code Latitude},
 * {@code Longitude}; target {@code MedHouseVal} = medianHouseValue / 100 000. Derived in double.
 *
 * <p>Source: StatLib's {@code cal_housing.tgz}, downloaded from figshare as scikit-learn does
 * ({@value #URL}). Either the archive or its extracted {@code cal_housing.data} is accepted.
 */
public final class CaliforniaHousing {
    /** Where scikit-learn downloads {@code cal_housing.tgz}. */
    public static final String URL = "https://ndownloader.figshare.com/files/5976036";
    /** The feature names, in column order. */
    public static final List<String> FEATURE_NAMES = List.of("MedInc", "HouseAge", "AveRooms", "AveBedrms",
            "Population", "AveOccup", "Latitude", "Longitude");
    /** The target name. */
    public static final String TARGET_NAME = "MedHouseVal";

    static final String DATA_SHA256 = "d3d8a1a722ae78f91134862727d27a70b1415e7d512a89140406248687f4b902";
    static final RemoteFile DATA = RemoteFile.plain("cal_housing.data", DATA_SHA256);
    static final RemoteFile ARCHIVE = new RemoteFile("cal_housing.tgz", RemoteFile.uris(URL),
            "aaa5c9a6afe2225cc2aed2723682ae403280c4a3695a2ddda4ffb5d8215ea681",
            RemoteFile.Packing.tarGz("CaliforniaHousing/cal_housing.data"), DATA_SHA256);
    private static final String[] RAW_COLUMNS = {"longitude", "latitude", "housingMedianAge", "totalRooms",
        "totalBedrooms", "population", "households", "medianIncome", "medianHouseValue"};

    private CaliforniaHousing() {
    }

    /** The data from {@link DataStore#fromEnvironment()}, in the default float type. */
    public static TabularData load() {
        return load(DataStore.fromEnvironment());
    }

    /** The data from {@code store}: features {@code [20640, 8]}, target {@code [20640, 1]}, default float type. */
    public static TabularData load(DataStore store) {
        return load(store, Backends.getDefault().floatType());
    }

    /** The data from {@code store} in {@code dtype}. */
    public static TabularData load(DataStore store, DType dtype) {
        LocalFile file = store.fetch("California housing", DATA, ARCHIVE);
        CsvData raw;
        try (InputStream in = file.open()) {
            raw = new CsvReader().noHeader(RAW_COLUMNS).target("medianHouseValue").dtype(DType.FLOAT64)
                    .read(new InputStreamReader(in, StandardCharsets.US_ASCII), file.path().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("California housing: cannot read " + file.path(), e);
        }
        int n = raw.size();
        double[] r = raw.features().toDoubleArray();
        double[] y = raw.target().toDoubleArray();
        double[] x = new double[n * 8];
        for (int i = 0; i < n; i++) {
            int o = i * 8;
            double lon = r[o], lat = r[o + 1], age = r[o + 2], rooms = r[o + 3];
            double beds = r[o + 4], pop = r[o + 5], hh = r[o + 6], inc = r[o + 7];
            double[] row = {inc, age, rooms / hh, beds / hh, pop, pop / hh, lat, lon};
            System.arraycopy(row, 0, x, o, 8);
            y[i] /= 100_000;
        }
        return new TabularData(Tensor.of(x, n, 8).to(dtype), Tensor.of(y, n, 1).to(dtype), FEATURE_NAMES, TARGET_NAME);
    }

    /**
     * The benchmark split (W1 in {@code ../shared/bench/WORKLOADS.md}): the rows of NumPy's
     * {@code RandomState(42).permutation(20640)}, the first 80% (16 512) for training and the rest
     * for testing, exactly as {@code torch_reference.py}; features standardized with the training
     * rows' mean and population standard deviation (computed in double), target unscaled.
     */
    public static StandardizedSplit benchmarkSplit(DataStore store) {
        return standardized(store, new NumpyRandomState(42).permutation(20640), 0.8);
    }

    /** {@link #benchmarkSplit(DataStore)} from {@link DataStore#fromEnvironment()}. */
    public static StandardizedSplit benchmarkSplit() {
        return benchmarkSplit(DataStore.fromEnvironment());
    }

    /**
     * A shuffled split from Nabla's own {@link Generator} seeded with {@code seed}: the first
     * {@code floor(n * trainFraction)} rows of the permutation train, the rest test; features
     * standardized with training statistics. (Same recipe as {@link #benchmarkSplit}, other rows.)
     */
    public static StandardizedSplit split(DataStore store, double trainFraction, long seed) {
        return standardized(store, Tensor.randperm(new Generator(seed), 20640), trainFraction);
    }

    private static StandardizedSplit standardized(DataStore store, Tensor perm, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("California housing: trainFraction must be in (0, 1), got " + trainFraction);
        }
        TabularData all = load(store, DType.FLOAT64);
        int n = all.size();
        int nTrain = (int) (n * trainFraction);
        Tensor tr = perm.narrow(0, 0, nTrain);
        Tensor te = perm.narrow(0, nTrain, n - nTrain);
        Tensor xTrain = all.features().indexSelect(0, tr);
        Tensor xTest = all.features().indexSelect(0, te);
        StandardScaler scaler = new StandardScaler().fit(xTrain);
        DType f = Backends.getDefault().floatType();
        return new StandardizedSplit(new TrainTestSplit(scaler.transform(xTrain).to(f),
                all.target().indexSelect(0, tr).to(f), scaler.transform(xTest).to(f),
                all.target().indexSelect(0, te).to(f)), scaler);
    }
}
