/**
 * scikit-learn-style preprocessing fitted on the training split only: {@code StandardScaler},
 * {@code MinMaxScaler} (with inverse transforms for predictions), {@code LabelEncoder} and
 * {@code OneHotEncoder}. Each one's fitted state is plain arrays or lists, so it can be saved
 * with a model and restored ({@code fromState}, {@code of}).
 */
package dev.nabla.data.preprocessing;
