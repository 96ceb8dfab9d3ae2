/**
 * YAML configuration bound to immutable, self-validating records. Polymorphic parts are chosen by short names
 * ({@code type:}, {@code policy:}, {@code model:}); an invalid file fails before Spark starts, naming the field.
 */
package org.sparkharness.driver.config;
