/**
 * Reading CSV files into a feature matrix and a target chosen by column name, with errors that
 * name the file, line and column; see {@link dev.nabla.data.csv.CsvReader}.
 */
package dev.nabla.data.csv;
