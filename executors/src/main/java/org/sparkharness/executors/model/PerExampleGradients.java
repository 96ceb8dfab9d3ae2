package org.sparkharness.executors.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-example losses and gradients from ONE batched forward/backward pass, for the networks where that is exact:
 * a {@link MultiLayerNetwork} whose parameterised layers are all dense, 2-D convolution (NCHW) or a dense output
 * layer, with no dropout, weight noise, regularisation or batch normalisation (anything that couples the examples of
 * a batch or makes a pass random). Everything else is refused by {@link #unsupportedReason} and callers fall back to
 * one backward pass per example.
 *
 * <p>The identity (docs/algorithms/optimizers.md, Sven): a batched backward pass already computes, at each layer, the
 * error δ_i = ∂ℓ_i/∂z_i at that layer's pre-activation for every example i separately; DL4J only sums them when it
 * forms the weight gradient. So for a dense layer z = xW + b, example i's gradient is dW_i = x_iᵀδ_i (an outer
 * product) and db_i = δ_i; for a convolution it is dW_i = δ_i (as [outC, oh·ow]) × im2col(x_i)ᵀ, reshaped to the
 * weight's shape, and db_i = δ_i summed over positions. Layers without parameters (pooling, activation, padding,
 * preprocessors) pass the error down through their own backprop. The output layer's δ is its loss function's
 * {@code computeGradient}, its per-example losses {@code computeScoreArray}: what a single-example
 * {@code gradientAndScore} gives (DL4J sums gradients over the batch and divides the score by the batch size).
 * For squared norms alone (GraNd), a dense layer needs no outer product: ‖x_iᵀδ_i‖² = ‖x_i‖²·‖δ_i‖².
 *
 * <p>The gradient rows come out in the network's own flat layout ({@link Dl4jNetwork#params()}: dense weights in
 * 'f' order, convolution bias before its weights), read from where each parameter's view sits in the flat vector.
 * Not thread-safe: it drives the network's layers.
 */
public final class PerExampleGradients {
    /**
     * System property: {@code auto} (default) or {@code loop}, which forces the single-example loop everywhere: for
     * benchmarks that compare the two paths, and as an escape hatch.
     */
    public static final String PROPERTY = "harness.perExample";

    private static final Logger LOG = LoggerFactory.getLogger(PerExampleGradients.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    private PerExampleGradients() {}

    /** Per-example losses {@code [B]} and gradients {@code [B, P]} in the network's flat layout. */
    public record Jacobian(INDArray losses, INDArray jacobian) {}

    /** Per-example losses and squared gradient norms over every parameter. */
    public record Norms(double[] losses, double[] squaredNorms) {}

    /** Whether {@link #jacobian} and {@link #norms} handle this network. */
    public static boolean supports(Dl4jNetwork net) {
        return unsupportedReason(net) == null;
    }

    /**
     * Whether callers should take the one-pass path for {@code net}: it is supported and not switched off by
     * {@link #PROPERTY}. When it is not supported the reason is logged, once per reason and JVM.
     */
    public static boolean use(Dl4jNetwork net) {
        String mode = System.getProperty(PROPERTY, "auto");
        if (mode.equals("loop")) return false;
        if (!mode.equals("auto")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + mode + ": allowed values are auto (one pass "
                    + "where supported, the default) and loop (one backward pass per example)");
        }
        String reason = unsupportedReason(net);
        if (reason == null) return true;
        if (LOGGED.add(reason)) {
            LOG.info("per-example gradients: one backward pass per example, since {} (the one-pass path covers "
                    + "MultiLayerNetworks of dense, 2-D convolution and parameterless layers)", reason);
        }
        return false;
    }

    /** Why the one-pass path does not handle {@code net}, or null when it does. */
    public static String unsupportedReason(Dl4jNetwork net) {
        if (!(net.model() instanceof MultiLayerNetwork mln)) return "a " + net.kind() + ", not a MultiLayerNetwork";
        MultiLayerConfiguration conf = mln.getLayerWiseConfigurations();
        Layer[] layers = mln.getLayers();
        if (layers.length == 0) return "no layers";
        Map<String, INDArray> table = net.paramTable();
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer c = layers[i].conf().getLayer();
            String what = "layer " + i + " (" + c.getClass().getSimpleName() + ")";
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null && !(pre instanceof CnnToFeedForwardPreProcessor)
                    && !(pre instanceof FeedForwardToCnnPreProcessor)) {
                return "the preprocessor of layer " + i + " is a " + pre.getClass().getSimpleName();
            }
            if (c.getIDropout() != null) return what + " has dropout";
            if (c instanceof BaseLayer b) {
                if (b.getWeightNoise() != null) return what + " has weight noise";
                if (b.getRegularization() != null && !b.getRegularization().isEmpty()
                        || b.getRegularizationBias() != null && !b.getRegularizationBias().isEmpty()) {
                    return what + " has regularisation";
                }
            }
            boolean last = i == layers.length - 1;
            Kind kind = kindOf(c);
            if (last && kind != Kind.OUTPUT) {
                return "the last layer is a " + c.getClass().getSimpleName() + ", not a dense OutputLayer";
            }
            if (kind == null || !last && kind == Kind.OUTPUT) {
                return what + " is not dense, 2-D convolution or a parameterless pass-through layer";
            }
            if (kind == Kind.DENSE && ((DenseLayer) c).hasLayerNorm()) return what + " has layer normalisation";
            if (kind == Kind.CONV && ((ConvolutionLayer) c).getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return what + " is not NCHW";
            }
            if (kind == Kind.CONV && !(layers[i] instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer)) {
                return what + " is not DL4J's ConvolutionLayer";
            }
            if (kind.parameterised) {
                INDArray w = table.get(i + "_W");
                if (w == null) return what + " has no weights";
                char want = kind == Kind.CONV ? 'c' : 'f';
                if (w.ordering() != want) return what + " stores its weights in '" + w.ordering() + "' order";
                long params = w.length() + (table.containsKey(i + "_b") ? table.get(i + "_b").length() : 0);
                if (layers[i].numParams() != params) return what + " has parameters besides W and b";
            } else if (layers[i].numParams() != 0) {
                return what + " has parameters";
            }
        }
        return null;
    }

    private enum Kind {
        DENSE(true), OUTPUT(true), CONV(true), PASS(false);
        final boolean parameterised;

        Kind(boolean parameterised) {
            this.parameterised = parameterised;
        }
    }

    private static Kind kindOf(org.deeplearning4j.nn.conf.layers.Layer c) {
        Class<?> k = c.getClass();
        if (k == DenseLayer.class) return Kind.DENSE;
        if (k == OutputLayer.class) return Kind.OUTPUT;
        if (k == ConvolutionLayer.class || k == Convolution2D.class) return Kind.CONV;
        if (k == SubsamplingLayer.class || k == ActivationLayer.class || k == GlobalPoolingLayer.class
                || k == ZeroPaddingLayer.class) {
            return Kind.PASS;
        }
        return null;
    }

    /**
     * Per-example losses and gradients at the network's current parameters.
     *
     * @param features {@code [B, ...]} as stored (flattened rows, or what the network reads)
     * @param labels   {@code [B, outputs]}
     */
    public static Jacobian jacobian(Dl4jNetwork net, INDArray features, INDArray labels) {
        long p = net.numParams();
        int b = (int) features.size(0);
        INDArray jac = Nd4j.create(net.params().dataType(), b, p);
        Map<String, INDArray> table = net.paramTable();
        Map<String, Long> at = offsets(net);
        INDArray losses = walk(net, features, labels, new Sink() {
            @Override
            public void dense(int layer, INDArray x, INDArray delta) {
                // W is [nIn, nOut] in 'f' order: slot c·nIn + r holds dW[r, c] = x[r]·δ[c], the 'c' flattening of
                // the outer product δ ⊗ x.
                long nIn = x.size(1);
                long nOut = delta.size(1);
                INDArray outer = Nd4j.matmul(delta.reshape(b, nOut, 1), x.reshape(b, 1, nIn));
                put(jac, at.get(layer + "_W"), outer.reshape('c', b, nOut * nIn));
                outer.close();
                if (table.containsKey(layer + "_b")) put(jac, at.get(layer + "_b"), delta);
            }

            @Override
            public void conv(int layer, INDArray cols, INDArray delta3) {
                INDArray dw = Nd4j.matmul(delta3, cols); // [B, outC, C·kH·kW]: W's 'c' order per example
                put(jac, at.get(layer + "_W"), dw.reshape('c', b, dw.size(1) * dw.size(2)));
                dw.close();
                if (table.containsKey(layer + "_b")) {
                    INDArray db = delta3.sum(2);
                    put(jac, at.get(layer + "_b"), db);
                    db.close();
                }
            }
        });
        return new Jacobian(losses.reshape(b).castTo(features.dataType()), jac.castTo(features.dataType()));
    }

    /** Per-example losses and squared gradient norms (summed over every parameter, in double). */
    public static Norms norms(Dl4jNetwork net, INDArray features, INDArray labels) {
        int b = (int) features.size(0);
        double[] sq = new double[b];
        Map<String, INDArray> table = net.paramTable();
        INDArray losses = walk(net, features, labels, new Sink() {
            @Override
            public void dense(int layer, INDArray x, INDArray delta) {
                double[] xx = rowSquares(x);
                double[] dd = rowSquares(delta);
                boolean bias = table.containsKey(layer + "_b");
                for (int i = 0; i < b; i++) sq[i] += xx[i] * dd[i] + (bias ? dd[i] : 0);
            }

            @Override
            public void conv(int layer, INDArray cols, INDArray delta3) {
                INDArray dw = Nd4j.matmul(delta3, cols);
                double[] w = rowSquares(dw.reshape('c', b, dw.size(1) * dw.size(2)));
                dw.close();
                double[] db = table.containsKey(layer + "_b") ? rowSquares(delta3.sum(2)) : new double[b];
                for (int i = 0; i < b; i++) sq[i] += w[i] + db[i];
            }
        });
        return new Norms(losses.castTo(DataType.DOUBLE).reshape(b).toDoubleVector(), sq);
    }

    private interface Sink {
        /** @param x the layer's input {@code [B, nIn]}; @param delta ∂ℓ_i/∂z {@code [B, nOut]} */
        void dense(int layer, INDArray x, INDArray delta);

        /** @param cols im2col of the input {@code [B, oh·ow, C·kH·kW]}; @param delta3 {@code [B, outC, oh·ow]} */
        void conv(int layer, INDArray cols, INDArray delta3);
    }

    /** @param col the im2col buffer {@code [B, oh, ow, C, kH, kW]}; @param cols its {@code [B, oh·ow, C·kH·kW]} view */
    private record ConvForward(INDArray col, INDArray cols, INDArray z) {}

    /** Forward in training mode, then back down, handing each parameterised layer's input and δ to the sink. */
    private static INDArray walk(Dl4jNetwork net, INDArray features, INDArray labels, Sink sink) {
        MultiLayerNetwork mln = (MultiLayerNetwork) net.model();
        MultiLayerConfiguration conf = mln.getLayerWiseConfigurations();
        Layer[] layers = mln.getLayers();
        DataType dt = net.params().dataType();
        int b = (int) features.size(0);
        int n = layers.length;
        if (mln.getFlattenedGradients() == null) mln.initGradientsView(); // a conv layer's backprop writes there

        INDArray[] inputs = new INDArray[n];
        INDArray[] preOut = new INDArray[n];
        INDArray[] cols = new INDArray[n];
        List<INDArray> owned = new ArrayList<>(); // arrays this pass allocated, freed at the end
        INDArray a = InputLayout.of(conf, net.input()).apply(features).castTo(dt);
        for (int i = 0; i < n; i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) a = pre.preProcess(a, b, NO_WS);
            inputs[i] = a;
            layers[i].setInputMiniBatchSize(b);
            org.deeplearning4j.nn.conf.layers.Layer c = layers[i].conf().getLayer();
            Kind kind = kindOf(c);
            if (kind == Kind.DENSE || kind == Kind.OUTPUT) {
                preOut[i] = dense(layers[i], a);
                owned.add(preOut[i]);
                if (kind == Kind.DENSE) owned.add(a = activation(c).getActivation(preOut[i].dup(), true));
            } else if (kind == Kind.CONV) {
                ConvForward f = conv((ConvolutionLayer) c, layers[i], a);
                cols[i] = f.cols();
                preOut[i] = f.z();
                owned.add(f.col());
                owned.add(preOut[i]);
                owned.add(a = activation(c).getActivation(preOut[i].dup(), true));
            } else {
                a = layers[i].activate(a, true, NO_WS);
            }
        }

        OutputLayer out = (OutputLayer) layers[n - 1].conf().getLayer();
        ILossFunction loss = out.getLossFn();
        INDArray y = labels.castTo(dt);
        INDArray losses = loss.computeScoreArray(y, preOut[n - 1].dup(), out.getActivationFn(), null);
        INDArray delta = loss.computeGradient(y, preOut[n - 1].dup(), out.getActivationFn(), null);
        owned.add(delta);
        INDArray eps = null;
        for (int i = n - 1; i >= 0; i--) {
            org.deeplearning4j.nn.conf.layers.Layer c = layers[i].conf().getLayer();
            Kind kind = kindOf(c);
            if (kind == Kind.OUTPUT || kind == Kind.DENSE) {
                if (kind == Kind.DENSE) owned.add(delta = activation(c).backprop(preOut[i].dup(), eps).getFirst());
                sink.dense(i, inputs[i], delta);
                if (i > 0) owned.add(eps = delta.mmul(layers[i].getParam("W").transpose()));
            } else if (kind == Kind.CONV) {
                delta = activation(c).backprop(preOut[i].dup(), eps).getFirst(); // [B, outC, oh, ow]
                INDArray delta3 = delta.dup('c');
                owned.add(delta);
                owned.add(delta3);
                delta3 = delta3.reshape('c', b, delta.size(1), delta.size(2) * delta.size(3));
                sink.conv(i, cols[i], delta3);
                if (i > 0) {
                    // The layer's own backprop gives the error below (col2im with its padding and mode).
                    layers[i].setInput(inputs[i], NO_WS);
                    eps = layers[i].backpropGradient(eps, NO_WS).getSecond();
                }
            } else if (i > 0) {
                eps = layers[i].backpropGradient(eps, NO_WS).getSecond();
            }
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null && i > 0) eps = pre.backprop(eps, b, NO_WS);
        }
        for (Layer l : layers) l.clear();
        for (INDArray o : owned) {
            if (o != features && o != labels && o != losses) NativeMemory.release(o);
        }
        return losses;
    }

    private static IActivation activation(org.deeplearning4j.nn.conf.layers.Layer c) {
        return ((BaseLayer) c).getActivationFn();
    }

    /** z = xW + b, as DL4J's dense layers compute it. */
    private static INDArray dense(Layer layer, INDArray x) {
        INDArray z = x.mmul(layer.getParam("W"));
        INDArray bias = layer.getParam("b");
        if (bias != null) z.addiRowVector(bias);
        return z;
    }

    /**
     * The convolution's im2col and pre-activation, as DL4J's ConvolutionLayer computes them (its padding for
     * ConvolutionMode.Same, stride, dilation).
     */
    private static ConvForward conv(ConvolutionLayer c, Layer layer, INDArray x) {
        INDArray w = layer.getParam("W"); // [outC, inC, kH, kW], 'c'
        int b = (int) x.size(0);
        int outC = (int) w.size(0);
        int inC = (int) w.size(1);
        int kH = (int) w.size(2);
        int kW = (int) w.size(3);
        int[] kernel = c.getKernelSize();
        int[] strides = c.getStride();
        int[] dilation = c.getDilation();
        ConvolutionMode mode = c.getConvolutionMode();
        int[] pad;
        int[] outSize;
        if (mode == ConvolutionMode.Same) {
            outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, null, mode, dilation, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) x.size(2), (int) x.size(3)},
                    kernel, strides, dilation);
        } else {
            pad = c.getPadding();
            outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, pad, mode, dilation, CNN2DFormat.NCHW);
        }
        int oh = outSize[0];
        int ow = outSize[1];
        INDArray col = Nd4j.createUninitialized(x.dataType(), new long[] {b, oh, ow, inC, kH, kW}, 'c');
        Convolution.im2col(x, kH, kW, strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
                mode == ConvolutionMode.Same, col.permute(0, 3, 4, 5, 1, 2));
        int k = inC * kH * kW;
        INDArray col2d = col.reshape('c', (long) b * oh * ow, k);
        INDArray z2d = col2d.mmul(w.reshape('c', outC, k).transpose()); // [B·oh·ow, outC]
        INDArray bias = layer.getParam("b");
        if (bias != null) z2d.addiRowVector(bias);
        INDArray z = z2d.reshape('c', b, oh, ow, outC).permute(0, 3, 1, 2).dup('c');
        z2d.close();
        return new ConvForward(col, col.reshape('c', b, (long) oh * ow, k), z);
    }

    /**
     * Where each parameter starts in the flat vector: from its view's offset when it shares the flat buffer, else
     * the running offset in table order (a MultiLayerNetwork's table is in buffer order), as {@link NetworkAdapter}
     * reads it.
     */
    private static Map<String, Long> offsets(Dl4jNetwork net) {
        INDArray flat = net.params();
        Map<String, Long> out = new java.util.HashMap<>();
        long running = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            INDArray view = e.getValue();
            boolean shared = view.data() == flat.data()
                    || view.data().originalDataBuffer() == flat.data().originalDataBuffer();
            out.put(e.getKey(), shared ? view.offset() - flat.offset() : running);
            running += view.length();
        }
        return out;
    }

    private static void put(INDArray jac, long offset, INDArray block) {
        jac.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + block.size(1))).assign(block);
    }

    /** Σ_j a[i, j]² per row, in double. */
    private static double[] rowSquares(INDArray a) {
        INDArray s = a.castTo(DataType.DOUBLE);
        INDArray sq = s.mul(s);
        INDArray sums = sq.sum(1);
        double[] out = sums.toDoubleVector();
        NativeMemory.release(sums);
        NativeMemory.release(sq);
        if (s != a) NativeMemory.release(s);
        return out;
    }
}
