using System.Numerics.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// One-layer LSTM (PyTorch gate order i, f, g, o; bias = b_ih + b_hh) over a whole sequence with given initial
    /// state, returning all hidden states. Input projections for all steps are one GEMM; each step is one GEMM
    /// (h·W_hhᵀ) plus a fused gate kernel; backward mirrors it and forms dW_ih, dW_hh with one GEMM each.
    /// // x: (B, L, I), h0, c0: (B, H), wIh: (4H, I), wHh: (4H, H), bias: (4H) -> (B, L, H)
    /// </summary>
    /// <exception cref="ArgumentException">Any shape mismatch.</exception>
    public static Tensor Lstm(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(h0);
        ArgumentNullException.ThrowIfNull(c0);
        ArgumentNullException.ThrowIfNull(wIh);
        ArgumentNullException.ThrowIfNull(wHh);
        ArgumentNullException.ThrowIfNull(bias);
        var hs = wHh.Rank == 2 ? wHh.Dim(1) : -1;
        if (x.Rank != 3 || hs <= 0 || wHh.Dim(0) != 4 * hs || wIh.Rank != 2 || wIh.Dim(0) != 4 * hs || wIh.Dim(1) != x.Dim(2)
            || bias.Size != 4 * hs || h0.Rank != 2 || h0.Dim(0) != x.Dim(0) || h0.Dim(1) != hs || !h0.ShapeRef.SequenceEqual(c0.ShapeRef))
        {
            throw new ArgumentException($"Lstm: x {Tensor.ShapeText(x.ShapeRef)}, h0 {Tensor.ShapeText(h0.ShapeRef)}, c0 {Tensor.ShapeText(c0.ShapeRef)}, W_ih {Tensor.ShapeText(wIh.ShapeRef)}, W_hh {Tensor.ShapeText(wHh.ShapeRef)}, bias {Tensor.ShapeText(bias.ShapeRef)}: need x (B, L, I), h0/c0 (B, H), W_ih (4H, I), W_hh (4H, H), bias (4H).");
        }

        int b = x.Dim(0), l = x.Dim(1), inF = x.Dim(2), h = hs, g4 = 4 * hs;
        var y = TensorFactory.Output([b, l, h]);
        var gates = TensorFactory.Scratch(b * l * g4);   // pre-activations, then activations (i, f, g, o)
        var cells = TensorFactory.Scratch(b * l * h);    // c_t
        Sgemm.MultiplyBias(false, true, b * l, g4, inF, x.Data, 0, inF, wIh.Data, 0, inF, bias.Data, 0, gates, 0, g4);

        // W_hhᵀ is the B operand of all L recurrent products: packed once (same bits) when it fits one panel.
        var packHh = h <= 256 && g4 <= 512 ? Sgemm.Pack(true, h, g4, wHh.Data, 0, h) : null;
        for (var t = 0; t < l; t++)
        {
            var (hp, hpOff, hpLd) = t == 0 ? (h0.Data, 0, h) : (y.Data, (t - 1) * h, l * h);

            // One parallel region per step: each worker multiplies its own samples' rows (h·W_hhᵀ) and runs their cells.
            // Every element's FMA chain is the same for any row split, so results do not depend on the thread count.
            TensorThreads.For(b, 16, (s, e) =>
            {
                if (packHh is not null)
                {
                    Sgemm.MultiplySerial(false, e - s, g4, h, 1f, hp, hpOff + (s * hpLd), hpLd, packHh, 1f, gates, ((s * l) + t) * g4, l * g4);
                }
                else
                {
                    Sgemm.MultiplySerial(false, true, e - s, g4, h, 1f, hp, hpOff + (s * hpLd), hpLd, wHh.Data, 0, h, 1f, gates, ((s * l) + t) * g4, l * g4);
                }

                for (var bi = s; bi < e; bi++)
                {
                    var cp = t == 0 ? c0.Data.AsSpan(bi * h, h) : cells.AsSpan(((bi * l) + t - 1) * h, h);
                    LstmCell.Forward(gates.AsSpan(((bi * l) + t) * g4, g4), cp, cells.AsSpan(((bi * l) + t) * h, h), y.Data.AsSpan(((bi * l) + t) * h, h));
                }
            });
        }

        var recorded = Tape.Record(y, () =>
        {
            var dGates = TensorFactory.Scratch(b * l * g4);
            var dh = TensorFactory.Scratch(b * h, zeroed: true);   // dh from step t+1
            var dc = TensorFactory.Scratch(b * h, zeroed: true);
            var g = y.Grad!;
            var packHhT = g4 <= 256 && h <= 512 ? Sgemm.Pack(false, g4, h, wHh.Data, 0, h) : null;
            for (var t = l - 1; t >= 0; t--)
            {
                TensorThreads.For(b, 16, (s, e) =>
                {
                    for (var bi = s; bi < e; bi++)
                    {
                        var row = (bi * l) + t;
                        var dhb = dh.AsSpan(bi * h, h);
                        TensorPrimitives.Add(dhb, g.AsSpan(row * h, h), dhb);
                        var cp = t == 0 ? c0.Data.AsSpan(bi * h, h) : cells.AsSpan((row - 1) * h, h);
                        LstmCell.Backward(gates.AsSpan(row * g4, g4), cp, cells.AsSpan(row * h, h), dhb, dc.AsSpan(bi * h, h), dGates.AsSpan(row * g4, g4));
                    }

                    // dh_{t-1} = dG_t · W_hh for this worker's samples (same region as their cells)
                    if (packHhT is not null)
                    {
                        Sgemm.MultiplySerial(false, e - s, h, g4, 1f, dGates, ((s * l) + t) * g4, l * g4, packHhT, 0f, dh, s * h, h);
                    }
                    else
                    {
                        Sgemm.MultiplySerial(false, false, e - s, h, g4, 1f, dGates, ((s * l) + t) * g4, l * g4, wHh.Data, 0, h, 0f, dh, s * h, h);
                    }
                });
            }

            if (h0.RequiresGrad)
            {
                var gh = h0.GradBuffer().AsSpan(0, b * h);
                TensorPrimitives.Add(gh, dh.AsSpan(0, b * h), gh);
            }

            if (c0.RequiresGrad)
            {
                var gc = c0.GradBuffer().AsSpan(0, b * h);
                TensorPrimitives.Add(gc, dc.AsSpan(0, b * h), gc);
            }

            if (x.RequiresGrad)
            {
                Sgemm.Multiply(false, false, b * l, inF, g4, 1f, dGates, 0, g4, wIh.Data, 0, inF, 1f, x.GradBuffer(), 0, inF);
            }

            if (wIh.RequiresGrad)
            {
                Sgemm.Multiply(true, false, g4, inF, b * l, 1f, dGates, 0, g4, x.Data, 0, inF, 1f, wIh.GradBuffer(), 0, inF);
            }

            if (wHh.RequiresGrad)
            {
                // dW_hh = Σ_t dG_tᵀ · h_{t-1}: steps t >= 1 read y shifted by one step; step 0 reads h0. Rows r = bi·L + t
                // of dG pair with rows r − 1 of y, so one GEMM over r = 1 .. B·L − 1 covers every t >= 1; it also pairs
                // each t = 0 row (bi >= 1) with the previous sample's last step, and those B − 1 terms are subtracted.
                var gW = wHh.GradBuffer();
                Sgemm.Multiply(true, false, g4, h, (b * l) - 1, 1f, dGates, g4, g4, y.Data, 0, h, 1f, gW, 0, h);
                if (b > 1)
                {
                    Sgemm.Multiply(true, false, g4, h, b - 1, -1f, dGates, l * g4, l * g4, y.Data, (l - 1) * h, l * h, 1f, gW, 0, h);
                }

                Sgemm.Multiply(true, false, g4, h, b, 1f, dGates, 0, l * g4, h0.Data, 0, h, 1f, wHh.GradBuffer(), 0, h);
            }

            if (bias.RequiresGrad)
            {
                ColumnSums.AddTo(dGates, 0, b * l, g4, g4, bias.GradBuffer(), 0);
            }

            TensorFactory.Release(dGates);
            TensorFactory.Release(dh);
            TensorFactory.Release(dc);
        }, x, h0, c0, wIh, wHh, bias);
        if (!recorded)
        {
            TensorFactory.Release(gates);
            TensorFactory.Release(cells);
        }

        return y;
    }
}
