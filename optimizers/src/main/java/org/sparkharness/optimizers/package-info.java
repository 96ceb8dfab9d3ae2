/**
 * Pure ND4J optimizer maths: {@link org.sparkharness.optimizers.ParamTable} (named, ordered tensors), the
 * {@link org.sparkharness.optimizers.Optimizer} init/update contract with explicit
 * {@link org.sparkharness.optimizers.OptimizerState}, the implementations (SGD, AdamW, Adafactor, Adam-atan2, Lion;
 * rules in {@code docs/algorithms/optimizers.md}) and the binary codecs used for checkpoints. No Spark and no DL4J networks
 * here. The per-element optimizers compute in one pass per tensor through {@code Elementwise}; their cost is
 * measured against DL4J's native Adam by {@code bench.StepCost} (in {@code src/bench/java}: not part of the jar).
 *
 * <p>Ownership rule for the whole package: a function may mutate an {@code INDArray} only if it allocated it in the
 * same call; nothing here mutates its inputs.
 */
package org.sparkharness.optimizers;
