using System.Numerics.Tensors;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Tensor = Kosmo.Tensors.Tensor;

namespace Kosmo.Models.Kernels;

/// <summary>
/// The per-variable half of a variable-selection network over Linear(1 → D) projected scalars, fused end to end:
/// for each variable i, xᵢ = s[:, i]·wᵢ + bᵢ, h1 = s[:, i]·uᵢ + cᵢ (rank-one fc2, uᵢ = W2ᵢwᵢ, cᵢ = W2ᵢbᵢ + b2ᵢ),
/// Yᵢ = LNᵢ(xᵢ + GLU(Wgᵢ·drop(W1ᵢ·ELU(h1) + b1ᵢ) + bgᵢ)), and out[r] = Σᵢ sel[r, i]·Yᵢ[r]. All (n, N, D)
/// intermediates live in buffers owned by this instance (allocated once, reused every step), so a step allocates no
/// large arrays; one instance serves one layer, and its forward must be followed by its backward before the next
/// recorded forward. Reference: the unfused op composition
/// <see cref="Layers.VariableSelectionNetwork.ForwardProjectedUnfused"/> (tests assert both agree).
/// // s: (N, n), sel: (N, n), u, c, w, b: (n, D) -> (N, D)
/// </summary>
public sealed class ProjectedVsnBank
{
    private const float Eps = 1e-5f;
    private readonly Tensor[] _w1;
    private readonly Tensor[] _b1;
    private readonly Tensor[] _wg;
    private readonly Tensor[] _bg;
    private readonly Tensor[] _gamma;
    private readonly Tensor[] _beta;
    private readonly int _n;
    private readonly int _d;
    private readonly KernelWorkspace _out = new();
    private readonly ulong[] _seeds;
    private float _dropout;
    private float[] _e = [];
    private float[] _h2 = [];
    private float[] _g = [];
    private float[] _xhat = [];
    private float[] _rstd = [];
    private float[] _gG = [];
    private float[] _gH = [];
    private float[] _gE = [];

    /// <summary>Binds the per-variable parameters (n entries each): fc1 (D, D), (D); glu.fc (2D, D), (2D); norm (D), (D).</summary>
    public ProjectedVsnBank(IReadOnlyList<Tensor> w1, IReadOnlyList<Tensor> b1, IReadOnlyList<Tensor> wg, IReadOnlyList<Tensor> bg,
        IReadOnlyList<Tensor> gamma, IReadOnlyList<Tensor> beta)
    {
        ArgumentNullException.ThrowIfNull(w1);
        ArgumentNullException.ThrowIfNull(b1);
        ArgumentNullException.ThrowIfNull(wg);
        ArgumentNullException.ThrowIfNull(bg);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        _w1 = [.. w1];
        _b1 = [.. b1];
        _wg = [.. wg];
        _bg = [.. bg];
        _gamma = [.. gamma];
        _beta = [.. beta];
        _n = w1.Count;
        _seeds = new ulong[_n];
        _d = w1[0].Dim(1);
    }

    /// <summary>Forward with a recorded backward.</summary>
    /// <param name="s">(N, n) scalars (any shape with n last).</param>
    /// <param name="sel">(N, n) selection weights.</param>
    /// <param name="u">(n, D) = W2ᵢ·wᵢ.</param>
    /// <param name="c">(n, D) = W2ᵢ·bᵢ + b2ᵢ.</param>
    /// <param name="w">(n, D) projection weights.</param>
    /// <param name="b">(n, D) projection biases.</param>
    /// <param name="dropout">Dropout probability after fc1.</param>
    /// <param name="dropoutRng">Dropout draws, or null for none.</param>
    /// <returns>(N, D).</returns>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public Tensor Forward(Tensor s, Tensor sel, Tensor u, Tensor c, Tensor w, Tensor b, float dropout, Random? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(sel);
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        int n = _n, d = _d, rows = s.Size / n;
        if (s.Dim(-1) != n || sel.Size != s.Size || u.Size != n * d || c.Size != n * d || w.Size != n * d || b.Size != n * d)
        {
            throw new ArgumentException($"ProjectedVsnBank: s and sel must be (N, {n}), u, c, w, b ({n}, {d}).");
        }

        Ensure(rows);
        var drop = dropoutRng is not null && dropout > 0f;
        var keepScale = drop ? 1f / (1f - dropout) : 1f;
        for (var i = 0; i < n; i++)
        {
            _seeds[i] = drop ? (ulong)dropoutRng!.NextInt64() | 1UL : 0UL;
        }

        _dropout = dropout;
        var outBuffer = _out.Get(0, rows * d);
        Array.Clear(outBuffer, 0, rows * d);
        var y = new Tensor(outBuffer, rows, d);
        for (var i = 0; i < n; i++)
        {
            var grp = i;
            var off = i * rows * d;

            // E = ELU(s·u + c), recomputed in the backward instead of kept
            ComputeElu(grp, rows, s, u, c);

            // H2 = drop(E·W1ᵀ + b1)
            for (var r = 0; r < rows; r++)
            {
                _b1[i].Span.CopyTo(_h2.AsSpan(off + (r * d), d));
            }

            Sgemm.Multiply(false, true, rows, d, d, 1f, _e, 0, d, _w1[i].Data, 0, d, 1f, _h2, off, d);
            if (drop)
            {
                ApplyMask(_seeds[i], _h2.AsSpan(off, rows * d), dropout, keepScale);
            }

            // G = H2·Wgᵀ + bg
            var goff = i * rows * 2 * d;
            for (var r = 0; r < rows; r++)
            {
                _bg[i].Span.CopyTo(_g.AsSpan(goff + (r * 2 * d), 2 * d));
            }

            Sgemm.Multiply(false, true, rows, 2 * d, d, 1f, _h2, off, d, _wg[i].Data, 0, d, 1f, _g, goff, 2 * d);

            // Y = LN(x + GLU(G)); out += sel·Y
            TensorThreads.For(rows, 128, (r0, r1) =>
            {
                Span<float> sig = stackalloc float[d];
                Span<float> yr = stackalloc float[d];
                var wi = w.Data.AsSpan(grp * d, d);
                var bi = b.Data.AsSpan(grp * d, d);
                for (var r = r0; r < r1; r++)
                {
                    var gr = _g.AsSpan(goff + (r * 2 * d), 2 * d);
                    var xh = _xhat.AsSpan(off + (r * d), d);
                    TensorPrimitives.Sigmoid(gr[d..], sig);
                    TensorPrimitives.Multiply(gr[..d], sig, xh);
                    TensorPrimitives.MultiplyAdd(wi, s.Data[(r * n) + grp], xh, xh);
                    TensorPrimitives.Add(xh, bi, xh);
                    var mean = TensorPrimitives.Sum(xh) / d;
                    TensorPrimitives.Subtract(xh, mean, xh);
                    var rs = 1f / MathF.Sqrt((TensorPrimitives.Dot(xh, xh) / d) + Eps);
                    _rstd[(grp * rows) + r] = rs;
                    TensorPrimitives.Multiply(xh, rs, xh);
                    TensorPrimitives.Multiply(xh, _gamma[grp].Span, yr);
                    TensorPrimitives.Add(yr, _beta[grp].Span, yr);
                    var outRow = y.Data.AsSpan(r * d, d);
                    TensorPrimitives.MultiplyAdd(yr, sel.Data[(r * n) + grp], outRow, outRow);
                }
            });
        }

        Tensor[] inputs = [s, sel, u, c, w, b, .. _w1, .. _b1, .. _wg, .. _bg, .. _gamma, .. _beta];
        Tape.Record(y, () => Backward(y.Grad!, s, sel, u, c, w, b, rows, drop), inputs);
        return y;
    }

    private void Backward(float[] gout, Tensor s, Tensor sel, Tensor u, Tensor c, Tensor w, Tensor b, int rows, bool drop)
    {
        int n = _n, d = _d;
        var gs = s.RequiresGrad ? Grads.Of(s) : null;
        var gsel = sel.RequiresGrad ? Grads.Of(sel) : null;
        var gu = u.RequiresGrad ? Grads.Of(u) : null;
        var gc = c.RequiresGrad ? Grads.Of(c) : null;
        var gw = w.RequiresGrad ? Grads.Of(w) : null;
        var gb = b.RequiresGrad ? Grads.Of(b) : null;
        Span<float> gy = stackalloc float[d];
        for (var i = 0; i < n; i++)
        {
            var grp = i;
            var off = i * rows * d;
            var goff = i * rows * 2 * d;

            // Selection weights: gsel[r, i] = gout[r]·Y[r]
            if (gsel is not null)
            {
                TensorThreads.For(rows, 512, (r0, r1) =>
                {
                    Span<float> yr = stackalloc float[d];
                    for (var r = r0; r < r1; r++)
                    {
                        // Y = x̂·γ + β, recomputed instead of kept
                        TensorPrimitives.Multiply(_xhat.AsSpan(off + (r * d), d), _gamma[grp].Span, yr);
                        TensorPrimitives.Add(yr, _beta[grp].Span, yr);
                        gsel[(r * n) + grp] += TensorPrimitives.Dot(gout.AsSpan(r * d, d), yr);
                    }
                });
            }

            // gamma, beta (serial over rows: deterministic)
            var ggam = Grads.Of(_gamma[i]).AsSpan(0, d);
            var gbet = Grads.Of(_beta[i]).AsSpan(0, d);
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Multiply(gout.AsSpan(r * d, d), sel.Data[(r * n) + i], gy);
                TensorPrimitives.MultiplyAdd(gy, _xhat.AsSpan(off + (r * d), d), ggam, ggam);
                TensorPrimitives.Add(gbet, gy, gbet);
            }

            // LayerNorm and GLU backward: gz (into _gH), gG
            TensorThreads.For(rows, 128, (r0, r1) =>
            {
                Span<float> gh = stackalloc float[d];
                Span<float> sig = stackalloc float[d];
                for (var r = r0; r < r1; r++)
                {
                    var xh = _xhat.AsSpan(off + (r * d), d);
                    TensorPrimitives.Multiply(gout.AsSpan(r * d, d), sel.Data[(r * n) + grp], gh);
                    TensorPrimitives.Multiply(gh, _gamma[grp].Span, gh);
                    var m1 = TensorPrimitives.Sum(gh) / d;
                    var m2 = TensorPrimitives.Dot(gh, xh) / d;
                    var rs = _rstd[(grp * rows) + r];
                    var gz = _gH.AsSpan(r * d, d);
                    for (var j = 0; j < d; j++)
                    {
                        gz[j] = rs * (gh[j] - m1 - (xh[j] * m2));
                    }

                    var gr = _g.AsSpan(goff + (r * 2 * d), 2 * d);
                    TensorPrimitives.Sigmoid(gr[d..], sig);
                    var gg = _gG.AsSpan(r * 2 * d, 2 * d);
                    for (var j = 0; j < d; j++)
                    {
                        gg[j] = gz[j] * sig[j];
                        gg[d + j] = gz[j] * gr[j] * sig[j] * (1f - sig[j]);
                    }

                    if (gs is not null)
                    {
                        gs[(r * n) + grp] += TensorPrimitives.Dot(gz, w.Data.AsSpan(grp * d, d));
                    }
                }
            });

            // residual x = s·w + b
            if (gw is not null || gb is not null)
            {
                for (var r = 0; r < rows; r++)
                {
                    var gz = _gH.AsSpan(r * d, d);
                    if (gw is not null)
                    {
                        var dst = gw.AsSpan(i * d, d);
                        TensorPrimitives.MultiplyAdd(gz, s.Data[(r * n) + i], dst, dst);
                    }

                    if (gb is not null)
                    {
                        var dst = gb.AsSpan(i * d, d);
                        TensorPrimitives.Add(dst, gz, dst);
                    }
                }
            }

            // glu.fc: gWg += gGᵀ·H2, gbg += Σ gG, gH2 = gG·Wg (into _gH), times the dropout mask
            Sgemm.Multiply(true, false, 2 * d, d, rows, 1f, _gG, 0, 2 * d, _h2, off, d, 1f, Grads.Of(_wg[i]), 0, d);
            ColumnSums(_gG, rows, 2 * d, Grads.Of(_bg[i]));
            Sgemm.Multiply(false, false, rows, d, 2 * d, 1f, _gG, 0, 2 * d, _wg[i].Data, 0, d, 0f, _gH, 0, d);
            if (drop)
            {
                ApplyMask(_seeds[i], _gH.AsSpan(0, rows * d), _dropout, 1f / (1f - _dropout));
            }

            // fc1: gW1 += gH2ᵀ·E, gb1 += Σ gH2, gE = gH2·W1
            ComputeElu(grp, rows, s, u, c);
            Sgemm.Multiply(true, false, d, d, rows, 1f, _gH, 0, d, _e, 0, d, 1f, Grads.Of(_w1[i]), 0, d);
            ColumnSums(_gH, rows, d, Grads.Of(_b1[i]));
            Sgemm.Multiply(false, false, rows, d, d, 1f, _gH, 0, d, _w1[i].Data, 0, d, 0f, _gE, 0, d);

            // ELU'(h1) = 1 where E > 0 else E + 1; then h1 = s·u + c
            TensorThreads.For(rows, 256, (r0, r1) =>
            {
                for (var r = r0; r < r1; r++)
                {
                    var ge = _gE.AsSpan(r * d, d);
                    var e = _e.AsSpan(r * d, d);
                    for (var j = 0; j < d; j++)
                    {
                        ge[j] *= e[j] > 0f ? 1f : e[j] + 1f;
                    }

                    if (gs is not null)
                    {
                        gs[(r * n) + grp] += TensorPrimitives.Dot(ge, u.Data.AsSpan(grp * d, d));
                    }
                }
            });
            for (var r = 0; r < rows; r++)
            {
                var ge = _gE.AsSpan(r * d, d);
                if (gu is not null)
                {
                    var dst = gu.AsSpan(i * d, d);
                    TensorPrimitives.MultiplyAdd(ge, s.Data[(r * n) + i], dst, dst);
                }

                if (gc is not null)
                {
                    var dst = gc.AsSpan(i * d, d);
                    TensorPrimitives.Add(dst, ge, dst);
                }
            }
        }
    }

    // E = ELU(s[:, i]·uᵢ + cᵢ) into the (rows, D) scratch.
    private void ComputeElu(int grp, int rows, Tensor s, Tensor u, Tensor c)
    {
        int n = _n, d = _d;
        TensorThreads.For(rows, 256, (r0, r1) =>
        {
            var ui = u.Data.AsSpan(grp * d, d);
            var ci = c.Data.AsSpan(grp * d, d);
            for (var r = r0; r < r1; r++)
            {
                var e = _e.AsSpan(r * d, d);
                TensorPrimitives.MultiplyAdd(ui, s.Data[(r * n) + grp], ci, e);
                for (var j = 0; j < d; j++)
                {
                    e[j] = e[j] > 0f ? e[j] : MathF.Exp(e[j]) - 1f;
                }
            }
        });
    }

    // Multiplies by the inverted-dropout mask of one group, regenerated from its seed (xorshift64; forward and backward
    // draw the same sequence).
    private static void ApplyMask(ulong seed, Span<float> values, float p, float keepScale)
    {
        var state = seed;
        for (var j = 0; j < values.Length; j++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values[j] *= (state >> 40) * (1f / (1 << 24)) >= p ? keepScale : 0f;
        }
    }

    private static void ColumnSums(float[] m, int rows, int cols, float[] dst)
    {
        var acc = dst.AsSpan(0, cols);
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(acc, m.AsSpan(r * cols, cols), acc);
        }
    }

    private void Ensure(int rows)
    {
        var size = _n * rows * _d;
        if (_xhat.Length >= size)
        {
            return;
        }

        _e = new float[rows * _d];
        _h2 = new float[size];
        _g = new float[2 * size];
        _xhat = new float[size];
        _rstd = new float[_n * rows];
        _gG = new float[rows * 2 * _d];
        _gH = new float[rows * _d];
        _gE = new float[rows * _d];
    }
}
