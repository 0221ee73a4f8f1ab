package dev.nabla.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: {@code local[2,4]} (2 task slots; a task may fail 3 times), on loopback only, quiet. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession start() {
        return SparkSession.builder().master("local[2,4]").appName("nabla-spark-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
