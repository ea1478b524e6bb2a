using System.Numerics.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product over the last axis of <paramref name="a"/>. // a: (..., M, K), b: (K, N) -> (..., M, N)
    /// </summary>
    /// <exception cref="ArgumentException">b is not 2-D or the inner sizes differ.</exception>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Rank != 2 || a.Rank < 1 || a.Dim(-1) != b.Dim(0))
        {
            throw new ArgumentException($"MatMul: {Tensor.ShapeText(a.ShapeRef)} @ {Tensor.ShapeText(b.ShapeRef)} needs a (..., K) and b (K, N).");
        }

        int k = b.Dim(0), n = b.Dim(1), m = a.Size / Math.Max(1, k);
        var outShape = a.ShapeRef.Take(a.Rank - 1).Append(n).ToArray();
        var y = TensorFactory.Output(outShape);
        Sgemm.Multiply(false, false, m, n, k, 1f, a.Data, 0, k, b.Data, 0, n, 0f, y.Data, 0, n);
        Tape.Record(y, () =>
        {
            if (a.RequiresGrad)
            {
                Sgemm.Multiply(false, true, m, k, n, 1f, y.Grad!, 0, n, b.Data, 0, n, 1f, a.GradBuffer(), 0, k);
            }

            if (b.RequiresGrad)
            {
                Sgemm.Multiply(true, false, k, n, m, 1f, a.Data, 0, k, y.Grad!, 0, n, 1f, b.GradBuffer(), 0, n);
            }
        }, a, b);
        return y;
    }

    /// <summary>
    /// Fully connected layer in PyTorch layout: y = x·Wᵀ + bias.
    /// // x: (..., I), weight: (O, I), bias: (O) or null -> (..., O)
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched sizes.</exception>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2 || x.Rank < 1 || x.Dim(-1) != weight.Dim(1) || (bias is not null && (bias.Rank != 1 || bias.Size != weight.Dim(0))))
        {
            throw new ArgumentException($"Linear: x {Tensor.ShapeText(x.ShapeRef)}, weight {Tensor.ShapeText(weight.ShapeRef)}, bias {(bias is null ? "none" : Tensor.ShapeText(bias.ShapeRef))}: need x (..., I), weight (O, I), bias (O).");
        }

        int inF = weight.Dim(1), outF = weight.Dim(0), m = x.Size / Math.Max(1, inF);
        var y = TensorFactory.Output(x.ShapeRef.Take(x.Rank - 1).Append(outF).ToArray());
        if (bias is not null)
        {
            // y = x·Wᵀ + b: the bias added by the product's store (same bits as a bias-filled y with beta = 1)
            Sgemm.MultiplyBias(false, true, m, outF, inF, x.Data, 0, inF, weight.Data, 0, inF, bias.Data, 0, y.Data, 0, outF);
        }
        else
        {
            Sgemm.Multiply(false, true, m, outF, inF, 1f, x.Data, 0, inF, weight.Data, 0, inF, 0f, y.Data, 0, outF);
        }

        Tape.Record(y, () =>
        {
            var g = y.Grad!;
            if (x.RequiresGrad)
            {
                Sgemm.Multiply(false, false, m, inF, outF, 1f, g, 0, outF, weight.Data, 0, inF, 1f, x.GradBuffer(), 0, inF);
            }

            if (weight.RequiresGrad)
            {
                Sgemm.Multiply(true, false, outF, inF, m, 1f, g, 0, outF, x.Data, 0, inF, 1f, weight.GradBuffer(), 0, inF);
            }

            if (bias is { RequiresGrad: true })
            {
                ColumnSums.AddTo(g, 0, m, outF, outF, bias.GradBuffer(), 0);
            }
        }, x, weight, bias);
        return y;
    }

    /// <summary>
    /// Batched product y[i] = op(a[i])·op(b[i]) where op transposes the last two axes when asked.
    /// // a: (Bt, M, K) or (Bt, K, M) if transA; b: (Bt, K, N) or (Bt, N, K) if transB -> (Bt, M, N)
    /// </summary>
    /// <exception cref="ArgumentException">Not 3-D, batch sizes differ, or inner sizes differ.</exception>
    public static Tensor BatchMatMul(Tensor a, Tensor b, bool transA = false, bool transB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 3 || b.Rank != 3 || a.Dim(0) != b.Dim(0))
        {
            throw new ArgumentException($"BatchMatMul: a {Tensor.ShapeText(a.ShapeRef)} and b {Tensor.ShapeText(b.ShapeRef)} must be 3-D with equal batch.");
        }

        int bt = a.Dim(0), m = transA ? a.Dim(2) : a.Dim(1), k = transA ? a.Dim(1) : a.Dim(2);
        int kb = transB ? b.Dim(2) : b.Dim(1), n = transB ? b.Dim(1) : b.Dim(2);
        if (k != kb)
        {
            throw new ArgumentException($"BatchMatMul: inner sizes differ ({k} vs {kb}) for a {Tensor.ShapeText(a.ShapeRef)}{(transA ? "ᵀ" : "")}, b {Tensor.ShapeText(b.ShapeRef)}{(transB ? "ᵀ" : "")}.");
        }

        int lda = a.Dim(2), ldb = b.Dim(2), sa = m * k, sb = k * n, sc = m * n;
        var y = TensorFactory.Output([bt, m, n]);
        TensorThreads.For(bt, 1, (s, e) =>
        {
            for (var i = s; i < e; i++)
            {
                SgemmSerial(transA, transB, m, n, k, a.Data, i * sa, lda, b.Data, i * sb, ldb, 0f, y.Data, i * sc, n);
            }
        });
        Tape.Record(y, () =>
        {
            var g = y.Grad!;
            var ga = a.RequiresGrad ? a.GradBuffer() : null;
            var gb = b.RequiresGrad ? b.GradBuffer() : null;
            TensorThreads.For(bt, 1, (s, e) =>
            {
                for (var i = s; i < e; i++)
                {
                    if (ga is not null)
                    {
                        // dA = dY·op(B)ᵀ, or for transA: dAᵀ = op(B)·dYᵀ
                        if (!transA)
                        {
                            SgemmSerial(false, !transB, m, k, n, g, i * sc, n, b.Data, i * sb, ldb, 1f, ga, i * sa, lda);
                        }
                        else
                        {
                            SgemmSerial(transB, true, k, m, n, b.Data, i * sb, ldb, g, i * sc, n, 1f, ga, i * sa, lda);
                        }
                    }

                    if (gb is not null)
                    {
                        // dB = op(A)ᵀ·dY, or for transB: dBᵀ = dYᵀ·op(A)
                        if (!transB)
                        {
                            SgemmSerial(!transA, false, k, n, m, a.Data, i * sa, lda, g, i * sc, n, 1f, gb, i * sb, ldb);
                        }
                        else
                        {
                            SgemmSerial(true, transA, n, k, m, g, i * sc, n, a.Data, i * sa, lda, 1f, gb, i * sb, ldb);
                        }
                    }
                }
            });
        }, a, b);
        return y;
    }

    /// <summary>GEMM on the calling thread only (used inside already parallel loops).</summary>
    private static void SgemmSerial(bool ta, bool tb, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc)
    {
        Sgemm.MultiplySerial(ta, tb, m, n, k, 1f, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
    }
}
