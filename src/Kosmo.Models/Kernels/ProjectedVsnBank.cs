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
    private float[] _partials = [];

    [ThreadStatic]
    private static float[]? _tileH2;

    [ThreadStatic]
    private static float[]? _tileG;

    [ThreadStatic]
    private static float[]? _tileX;

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

        Tensor[] inputs = [s, sel, u, c, w, b, .. _w1, .. _b1, .. _wg, .. _bg, .. _gamma, .. _beta];
        var recording = !NoGrad.IsActive && inputs.Any(t => t.RequiresGrad);
        Ensure(rows, recording);
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

        // Row tiles in parallel; within a tile every variable in order (so out[r] sums them in a fixed order) and the
        // tile's H2, G, x̂ stay in cache between the GEMMs and the row loop. Recording keeps them for the backward in the
        // (n, N, ·) buffers; inference uses per-thread tile scratch.
        var blocks = (rows + BankMath.BlockRows - 1) / BankMath.BlockRows;
        TensorThreads.For(blocks, 1, (k0, k1) =>
        {
            if (!recording && (_tileG is null || _tileG.Length < BankMath.BlockRows * 2 * d))
            {
                _tileH2 = new float[BankMath.BlockRows * d];
                _tileG = new float[BankMath.BlockRows * 2 * d];
                _tileX = new float[BankMath.BlockRows * d];
            }

            var h2 = recording ? _h2 : _tileH2!;
            var g = recording ? _g : _tileG!;
            var xhat = recording ? _xhat : _tileX!;
            for (var blk = k0; blk < k1; blk++)
            {
                int r0 = blk * BankMath.BlockRows, r1 = Math.Min(rows, r0 + BankMath.BlockRows), m = r1 - r0;
                for (var i = 0; i < n; i++)
                {
                    int off = recording ? (i * rows * d) + (r0 * d) : 0, goff = 2 * off;

                    // E = ELU(s·u + c) (recomputed in the backward instead of kept); H2 and G start as their biases
                    ComputeElu(i, r0, r1, s, u, c);
                    for (var r = 0; r < m; r++)
                    {
                        _b1[i].Span.CopyTo(h2.AsSpan(off + (r * d), d));
                        _bg[i].Span.CopyTo(g.AsSpan(goff + (r * 2 * d), 2 * d));
                    }

                    // H2 = drop(E·W1ᵀ + b1); G = H2·Wgᵀ + bg
                    Sgemm.MultiplySerial(false, true, m, d, d, 1f, _e, r0 * d, d, _w1[i].Data, 0, d, 1f, h2, off, d);
                    if (drop)
                    {
                        BankMath.ApplyMask(_seeds[i], r0 * d, h2.AsSpan(off, m * d), dropout, keepScale);
                    }

                    Sgemm.MultiplySerial(false, true, m, 2 * d, d, 1f, h2, off, d, _wg[i].Data, 0, d, 1f, g, goff, 2 * d);

                    // Y = LN(x + GLU(G)); out += sel·Y
                    var wi = w.Data.AsSpan(i * d, d);
                    var bi = b.Data.AsSpan(i * d, d);
                    for (var r = r0; r < r1; r++)
                    {
                        _rstd[(i * rows) + r] = BankMath.GluResidualNormRow(g.AsSpan(goff + ((r - r0) * 2 * d), 2 * d), s.Data[(r * n) + i],
                            wi, bi, _gamma[i].Span, _beta[i].Span, sel.Data[(r * n) + i], xhat.AsSpan(off + ((r - r0) * d), d),
                            y.Data.AsSpan(r * d, d), Eps);
                    }
                }
            }
        });

        if (recording)
        {
            Tape.Record(y, () => Backward(y.Grad!, s, sel, u, c, w, b, rows, drop), inputs);
        }

        return y;
    }

    private void Backward(float[] gout, Tensor s, Tensor sel, Tensor u, Tensor c, Tensor w, Tensor b, int rows, bool drop)
    {
        int n = _n, d = _d;
        var gs = s.RequiresGrad ? s.GradBuffer() : null;
        var gsel = sel.RequiresGrad ? sel.GradBuffer() : null;
        var gu = u.RequiresGrad ? u.GradBuffer() : null;
        var gc = c.RequiresGrad ? c.GradBuffer() : null;
        var gw = w.RequiresGrad ? w.GradBuffer() : null;
        var gb = b.RequiresGrad ? b.GradBuffer() : null;
        var blocks = (rows + BankMath.BlockRows - 1) / BankMath.BlockRows;
        const int width = 6;   // partial slots of D floats per block: gamma, beta, w, b, bg (2)
        if (_partials.Length < blocks * width * d)
        {
            _partials = new float[blocks * width * d];
        }

        var keepScale = drop ? 1f / (1f - _dropout) : 1f;
        for (var i = 0; i < n; i++)
        {
            var grp = i;
            var off = i * rows * d;
            var goff = i * rows * 2 * d;
            Array.Clear(_partials, 0, blocks * width * d);

            // LayerNorm, GLU and selection backward, row-parallel in fixed blocks; column sums as per-block partials
            TensorThreads.For(blocks, 1, (k0, k1) =>
            {
                Span<float> gh = stackalloc float[d];
                Span<float> sig = stackalloc float[d];
                Span<float> tmp = stackalloc float[d];
                var gamma = _gamma[grp].Span;
                var beta = _beta[grp].Span;
                var wi = w.Data.AsSpan(grp * d, d);
                for (var blk = k0; blk < k1; blk++)
                {
                    var part = _partials.AsSpan(blk * width * d, width * d);
                    Span<float> pGam = part[..d], pBet = part.Slice(d, d), pW = part.Slice(2 * d, d), pB = part.Slice(3 * d, d), pBg = part.Slice(4 * d, 2 * d);
                    var r1 = Math.Min(rows, (blk + 1) * BankMath.BlockRows);
                    for (var r = blk * BankMath.BlockRows; r < r1; r++)
                    {
                        var xh = _xhat.AsSpan(off + (r * d), d);
                        var go = gout.AsSpan(r * d, d);
                        if (gsel is not null)
                        {
                            // Y = x̂·γ + β, recomputed instead of kept: gsel[r, i] = gout[r]·Y[r]
                            TensorPrimitives.Multiply(xh, gamma, tmp);
                            TensorPrimitives.Add(tmp, beta, tmp);
                            gsel[(r * n) + grp] += TensorPrimitives.Dot(go, tmp);
                        }

                        var sr = s.Data[(r * n) + grp];
                        TensorPrimitives.Multiply(go, sel.Data[(r * n) + grp], gh);
                        TensorPrimitives.MultiplyAdd(gh, xh, pGam, pGam);
                        TensorPrimitives.Add(pBet, gh, pBet);

                        // dz = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = gy·γ
                        TensorPrimitives.Multiply(gh, gamma, gh);
                        var m1 = TensorPrimitives.Sum(gh) / d;
                        var m2 = TensorPrimitives.Dot(gh, xh) / d;
                        var rs = _rstd[(grp * rows) + r];
                        var gz = _gH.AsSpan(r * d, d);
                        TensorPrimitives.MultiplyAdd(xh, -m2, gh, gz);
                        TensorPrimitives.Add(gz, -m1, gz);
                        TensorPrimitives.Multiply(gz, rs, gz);

                        // GLU: gA = gz·σ(b), gB = gz·a·σ(b)·(1 − σ(b))
                        var gr = _g.AsSpan(goff + (r * 2 * d), 2 * d);
                        var gg = _gG.AsSpan(r * 2 * d, 2 * d);
                        TensorPrimitives.Sigmoid(gr[d..], sig);
                        TensorPrimitives.Multiply(gz, sig, gg[..d]);
                        TensorPrimitives.Subtract(1f, sig, tmp);
                        TensorPrimitives.Multiply(gg[..d], gr[..d], gg[d..]);
                        TensorPrimitives.Multiply(gg[d..], tmp, gg[d..]);
                        TensorPrimitives.Add(pBg, gg, pBg);

                        // residual x = s·w + b
                        if (gs is not null)
                        {
                            gs[(r * n) + grp] += TensorPrimitives.Dot(gz, wi);
                        }

                        TensorPrimitives.MultiplyAdd(gz, sr, pW, pW);
                        TensorPrimitives.Add(pB, gz, pB);
                    }
                }
            });
            Reduce(blocks, width, 0, d, _gamma[i].GradBuffer().AsSpan(0, d));
            Reduce(blocks, width, d, d, _beta[i].GradBuffer().AsSpan(0, d));
            if (gw is not null)
            {
                Reduce(blocks, width, 2 * d, d, gw.AsSpan(i * d, d));
            }

            if (gb is not null)
            {
                Reduce(blocks, width, 3 * d, d, gb.AsSpan(i * d, d));
            }

            Reduce(blocks, width, 4 * d, 2 * d, _bg[i].GradBuffer().AsSpan(0, 2 * d));

            // glu.fc: gWg += gGᵀ·H2, gH2 = gG·Wg (into _gH), times the dropout mask; E recomputed
            Sgemm.Multiply(true, false, 2 * d, d, rows, 1f, _gG, 0, 2 * d, _h2, off, d, 1f, _wg[i].GradBuffer(), 0, d);
            Sgemm.Multiply(false, false, rows, d, 2 * d, 1f, _gG, 0, 2 * d, _wg[i].Data, 0, d, 0f, _gH, 0, d);
            Array.Clear(_partials, 0, blocks * d);
            TensorThreads.For(blocks, 1, (k0, k1) =>
            {
                for (var blk = k0; blk < k1; blk++)
                {
                    int r0 = blk * BankMath.BlockRows, r1 = Math.Min(rows, r0 + BankMath.BlockRows);
                    var gh = _gH.AsSpan(r0 * d, (r1 - r0) * d);
                    if (drop)
                    {
                        BankMath.ApplyMask(_seeds[grp], r0 * d, gh, _dropout, keepScale);
                    }

                    var pB1 = _partials.AsSpan(blk * d, d);
                    for (var r = r0; r < r1; r++)
                    {
                        TensorPrimitives.Add(pB1, _gH.AsSpan(r * d, d), pB1);
                    }

                    ComputeElu(grp, r0, r1, s, u, c);
                }
            });
            BankMath.ReducePartials(_partials, blocks, d, _b1[i].GradBuffer().AsSpan(0, d));

            // fc1: gW1 += gH2ᵀ·E, gE = gH2·W1
            Sgemm.Multiply(true, false, d, d, rows, 1f, _gH, 0, d, _e, 0, d, 1f, _w1[i].GradBuffer(), 0, d);
            Sgemm.Multiply(false, false, rows, d, d, 1f, _gH, 0, d, _w1[i].Data, 0, d, 0f, _gE, 0, d);

            // ELU'(h1) = 1 where E > 0 else E + 1; then h1 = s·u + c
            Array.Clear(_partials, 0, blocks * 2 * d);
            TensorThreads.For(blocks, 1, (k0, k1) =>
            {
                var ui = u.Data.AsSpan(grp * d, d);
                for (var blk = k0; blk < k1; blk++)
                {
                    int r0 = blk * BankMath.BlockRows, r1 = Math.Min(rows, r0 + BankMath.BlockRows);
                    BankMath.EluBackward(_gE.AsSpan(r0 * d, (r1 - r0) * d), _e.AsSpan(r0 * d, (r1 - r0) * d));
                    var pU = _partials.AsSpan(blk * 2 * d, d);
                    var pC = _partials.AsSpan((blk * 2 * d) + d, d);
                    for (var r = r0; r < r1; r++)
                    {
                        var ge = _gE.AsSpan(r * d, d);
                        if (gs is not null)
                        {
                            gs[(r * n) + grp] += TensorPrimitives.Dot(ge, ui);
                        }

                        TensorPrimitives.MultiplyAdd(ge, s.Data[(r * n) + grp], pU, pU);
                        TensorPrimitives.Add(pC, ge, pC);
                    }
                }
            });
            if (gu is not null)
            {
                Reduce(blocks, 2, 0, d, gu.AsSpan(i * d, d));
            }

            if (gc is not null)
            {
                Reduce(blocks, 2, d, d, gc.AsSpan(i * d, d));
            }
        }
    }

    // dst += Σ_blk partials[blk·width·D + offset .. + len], in block order (deterministic for any thread count).
    private void Reduce(int blocks, int width, int offset, int len, Span<float> dst)
    {
        for (var blk = 0; blk < blocks; blk++)
        {
            TensorPrimitives.Add(dst, _partials.AsSpan((blk * width * _d) + offset, len), dst);
        }
    }

    // E = ELU(s[:, i]·uᵢ + cᵢ) for rows [r0, r1) into the (rows, D) scratch.
    private void ComputeElu(int grp, int r0, int r1, Tensor s, Tensor u, Tensor c)
    {
        int n = _n, d = _d;
        var ui = u.Data.AsSpan(grp * d, d);
        var ci = c.Data.AsSpan(grp * d, d);
        for (var r = r0; r < r1; r++)
        {
            TensorPrimitives.MultiplyAdd(ui, s.Data[(r * n) + grp], ci, _e.AsSpan(r * d, d));
        }

        BankMath.Elu(_e.AsSpan(r0 * d, (r1 - r0) * d));
    }

    private void Ensure(int rows, bool recording)
    {
        var size = _n * rows * _d;
        if (_e.Length < rows * _d)
        {
            _e = new float[rows * _d];
            _rstd = new float[_n * rows];
        }

        if (!recording || _xhat.Length >= size)
        {
            return;
        }

        _h2 = new float[size];
        _g = new float[2 * size];
        _xhat = new float[size];
        _rstd = new float[_n * rows];
        _gG = new float[rows * 2 * _d];
        _gH = new float[rows * _d];
        _gE = new float[rows * _d];
    }
}
