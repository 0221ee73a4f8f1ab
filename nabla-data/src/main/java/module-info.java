/** Datasets and loaders, CSV reading, preprocessing, the built-in datasets and image transforms. */
module dev.nabla.data {
    requires transitive dev.nabla.core;
    requires transitive java.desktop; // BufferedImage in dev.nabla.data.vision.Images
    requires java.net.http;           // the built-in datasets' downloads

    exports dev.nabla.data;
    exports dev.nabla.data.csv;
    exports dev.nabla.data.datasets;
    exports dev.nabla.data.preprocessing;
    exports dev.nabla.data.vision;
}
