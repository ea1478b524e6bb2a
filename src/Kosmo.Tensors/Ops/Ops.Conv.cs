using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// 1-D convolution (cross-correlation, PyTorch F.conv1d) via im2col + GEMM, Lout = (L + 2p − K)/s + 1.
    /// // x: (B, Cin, L), weight: (Cout, Cin, K), bias: (Cout) or null -> (B, Cout, Lout)
    /// </summary>
    /// <exception cref="ArgumentException">Shape mismatch or an empty output.</exception>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 3 || weight.Rank != 3 || weight.Dim(1) != x.Dim(1) || stride < 1 || padding < 0 || (bias is not null && bias.Size != weight.Dim(0)))
        {
            throw new ArgumentException($"Conv1d: x {Tensor.ShapeText(x.ShapeRef)}, weight {Tensor.ShapeText(weight.ShapeRef)}, stride {stride}, padding {padding}: need x (B, Cin, L), weight (Cout, Cin, K), bias (Cout).");
        }

        int b = x.Dim(0), cin = x.Dim(1), l = x.Dim(2), cout = weight.Dim(0), k = weight.Dim(2);
        var lout = ((l + (2 * padding) - k) / stride) + 1;
        if (lout <= 0)
        {
            throw new ArgumentException($"Conv1d: empty output for length {l}, kernel {k}, padding {padding}.");
        }

        var ck = cin * k;
        var cols = TensorFactory.Scratch(b * ck * lout);
        var y = TensorFactory.Output([b, cout, lout]);
        for (var i = 0; i < b; i++)
        {
            Conv1dGeometry.Im2Col(x.Data, i * cin * l, cin, l, k, stride, padding, lout, cols, i * ck * lout);
            FillBias(y.Data, i * cout * lout, bias, cout, lout);
            Sgemm.Multiply(false, false, cout, lout, ck, 1f, weight.Data, 0, ck, cols, i * ck * lout, lout, bias is null ? 0f : 1f, y.Data, i * cout * lout, lout);
        }

        var recorded = Tape.Record(y, () =>
        {
            var g = y.Grad!;
            var dcol = x.RequiresGrad ? TensorFactory.Scratch(ck * lout) : null;
            for (var i = 0; i < b; i++)
            {
                if (weight.RequiresGrad)
                {
                    Sgemm.Multiply(false, true, cout, ck, lout, 1f, g, i * cout * lout, lout, cols, i * ck * lout, lout, 1f, weight.GradBuffer(), 0, ck);
                }

                if (dcol is not null)
                {
                    Sgemm.Multiply(true, false, ck, lout, cout, 1f, weight.Data, 0, ck, g, i * cout * lout, lout, 0f, dcol, 0, lout);
                    Conv1dGeometry.Col2ImAdd(dcol, 0, cin, l, k, stride, padding, lout, x.GradBuffer(), i * cin * l);
                }
            }

            BiasGrad(bias, g, b, cout, lout);
            if (dcol is not null)
            {
                TensorFactory.Release(dcol);
            }
        }, x, weight, bias);
        if (!recorded)
        {
            TensorFactory.Release(cols);
        }

        return y;
    }

    /// <summary>
    /// Transposed 1-D convolution (PyTorch F.conv_transpose1d, no output padding), Lout = (L − 1)·s − 2p + K.
    /// // x: (B, Cin, L), weight: (Cin, Cout, K), bias: (Cout) or null -> (B, Cout, Lout)
    /// </summary>
    /// <exception cref="ArgumentException">Shape mismatch or an empty output.</exception>
    public static Tensor ConvTranspose1d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 3 || weight.Rank != 3 || weight.Dim(0) != x.Dim(1) || stride < 1 || padding < 0 || (bias is not null && bias.Size != weight.Dim(1)))
        {
            throw new ArgumentException($"ConvTranspose1d: x {Tensor.ShapeText(x.ShapeRef)}, weight {Tensor.ShapeText(weight.ShapeRef)}: need x (B, Cin, L), weight (Cin, Cout, K), bias (Cout).");
        }

        int b = x.Dim(0), cin = x.Dim(1), l = x.Dim(2), cout = weight.Dim(1), k = weight.Dim(2);
        var lout = ((l - 1) * stride) - (2 * padding) + k;
        if (lout <= 0)
        {
            throw new ArgumentException($"ConvTranspose1d: empty output for length {l}, kernel {k}, stride {stride}, padding {padding}.");
        }

        var ck = cout * k;
        var col = TensorFactory.Scratch(ck * l);
        var y = TensorFactory.Output([b, cout, lout]);
        for (var i = 0; i < b; i++)
        {
            // col (Cout·K, L) = Wᵀ · x_i, then scatter-add into y (the adjoint of im2col).
            Sgemm.Multiply(true, false, ck, l, cin, 1f, weight.Data, 0, ck, x.Data, i * cin * l, l, 0f, col, 0, l);
            FillBias(y.Data, i * cout * lout, bias, cout, lout);
            if (bias is null)
            {
                Array.Clear(y.Data, i * cout * lout, cout * lout);
            }

            Conv1dGeometry.Col2ImAdd(col, 0, cout, lout, k, stride, padding, l, y.Data, i * cout * lout);
        }

        TensorFactory.Release(col);
        Tape.Record(y, () =>
        {
            var g = y.Grad!;
            var dcol = TensorFactory.Scratch(ck * l);
            for (var i = 0; i < b; i++)
            {
                Conv1dGeometry.Im2Col(g, i * cout * lout, cout, lout, k, stride, padding, l, dcol, 0);
                if (x.RequiresGrad)
                {
                    Sgemm.Multiply(false, false, cin, l, ck, 1f, weight.Data, 0, ck, dcol, 0, l, 1f, x.GradBuffer(), i * cin * l, l);
                }

                if (weight.RequiresGrad)
                {
                    Sgemm.Multiply(false, true, cin, ck, l, 1f, x.Data, i * cin * l, l, dcol, 0, l, 1f, weight.GradBuffer(), 0, ck);
                }
            }

            BiasGrad(bias, g, b, cout, lout);
            TensorFactory.Release(dcol);
        }, x, weight, bias);
        return y;
    }

    /// <summary>
    /// Max pooling over the last axis (PyTorch F.max_pool1d, no padding), Lout = (L − K)/s + 1; ties pick the first.
    /// // x: (B, C, L) -> (B, C, Lout)
    /// </summary>
    /// <exception cref="ArgumentException">Not 3-D, or kernel/stride invalid for L.</exception>
    public static Tensor MaxPool1d(Tensor x, int kernel, int stride)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || kernel < 1 || stride < 1 || kernel > x.Dim(2))
        {
            throw new ArgumentException($"MaxPool1d: x {Tensor.ShapeText(x.ShapeRef)}, kernel {kernel}, stride {stride}: need x (B, C, L) with 1 <= kernel <= L.");
        }

        int rows = x.Dim(0) * x.Dim(1), l = x.Dim(2), lout = ((l - kernel) / stride) + 1;
        var y = TensorFactory.Output([x.Dim(0), x.Dim(1), lout]);
        // The winner's offset inside its window (0..kernel-1, exact as a float), in an arena buffer: no per-call int map.
        var arg = TensorFactory.Scratch(rows * lout);
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < lout; o++)
            {
                var start = (r * l) + (o * stride);
                var best = start;
                for (var j = 1; j < kernel; j++)
                {
                    if (x.Data[start + j] > x.Data[best])
                    {
                        best = start + j;
                    }
                }

                arg[(r * lout) + o] = best - start;
                y.Data[(r * lout) + o] = x.Data[best];
            }
        }

        var recorded = Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            for (var r = 0; r < rows; r++)
            {
                for (var o = 0; o < lout; o++)
                {
                    var i = (r * lout) + o;
                    gx[(r * l) + (o * stride) + (int)arg[i]] += y.Grad![i];
                }
            }
        }, x);
        if (!recorded)
        {
            TensorFactory.Release(arg);
        }

        return y;
    }

    private static void FillBias(float[] y, int offset, Tensor? bias, int cout, int lout)
    {
        if (bias is null)
        {
            return;
        }

        for (var c = 0; c < cout; c++)
        {
            Array.Fill(y, bias.Data[c], offset + (c * lout), lout);
        }
    }

    private static void BiasGrad(Tensor? bias, float[] g, int b, int cout, int lout)
    {
        if (bias is not { RequiresGrad: true })
        {
            return;
        }

        var gb = bias.GradBuffer();
        for (var i = 0; i < b; i++)
        {
            for (var c = 0; c < cout; c++)
            {
                gb[c] += System.Numerics.Tensors.TensorPrimitives.Sum(g.AsSpan(((i * cout) + c) * lout, lout));
            }
        }
    }
}
