package dev.nabla.data.datasets;

import java.util.ArrayList;
import java.util.List;

/** Feature names of flattened images, {@code pixel_<row>_<col>} as scikit-learn's digits. */
final class Pixels {
    private Pixels() {
    }

    static List<String> names(int rows, int cols) {
        List<String> names = new ArrayList<>(rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                names.add("pixel_" + r + "_" + c);
            }
        }
        return names;
    }
}
