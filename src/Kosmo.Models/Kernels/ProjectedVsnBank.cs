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
/// recorded forward. Work runs in parallel 256-row tiles, every variable per tile (forward and backward); the forward
/// keeps H2, G as [a, σ(g)] and each row's LayerNorm (mean, 1/σ) for the backward (no x̂). Without a tape and without
/// dropout fc1 is folded into the GLU's layer (G = E·(Wg·W1)ᵀ + Wg·b1 + bg). Backward reductions use fixed tile and
/// slot partials, so results do not depend on the thread count. Reference: the unfused op composition
/// <see cref="Layers.VariableSelectionNetwork.ForwardProjectedUnfused"/> (tests assert both agree).
/// // s: (N, n), sel: (N, n), u, c, w, b: (n, D) -> (N, D)
/// </summary>
public sealed partial class ProjectedVsnBank
{
    private const float Eps = 1e-5f;

    // Backward row tiles per weight-gradient partial slot: a slot sums its tiles in order (the first overwrites).
    private const int TilesPerSlot = 2;

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
    private float[] _h2 = [];
    private float[] _g = [];
    private int _h2Base;
    private int _gBase;
    private int _wBase;
    private float[] _stats = [];
    private float[] _colPartials = [];
    private float[] _wPartials = [];
    private float[] _fused = [];

    [ThreadStatic]
    private static TileScratch? _scratch;

    // Per variable, the tile GEMMs' constant B operands packed once per call (W1ᵀ, Wgᵀ or the folded Wfᵀ forward;
    // Wg, W1 backward), when they fit one panel (2D ≤ 256).
    private readonly Sgemm.PackedB?[] _packFc1;
    private readonly Sgemm.PackedB?[] _packGlu;

    // The same weights for the tile path: W1ᵀ, Wgᵀ (or the folded Wfᵀ) forward; W1, Wg backward.
    private readonly Sgemm.TileB?[] _tileFc1;
    private readonly Sgemm.TileB?[] _tileGlu;
    private readonly Sgemm.TileB?[] _tileFc1Back;
    private readonly Sgemm.TileB?[] _tileGluBack;

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
        _packFc1 = new Sgemm.PackedB?[_n];
        _packGlu = new Sgemm.PackedB?[_n];
        _tileFc1 = new Sgemm.TileB?[_n];
        _tileGlu = new Sgemm.TileB?[_n];
        _tileFc1Back = new Sgemm.TileB?[_n];
        _tileGluBack = new Sgemm.TileB?[_n];
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

        // Without a tape and without dropout fc1 folds into the GLU's linear layer: G = E·(Wg·W1)ᵀ + (Wg·b1 + bg).
        var fold = !recording && !drop;
        if (fold)
        {
            Fold();
        }

        var tiles = Tiles;
        var packed = !tiles && Packable;
        for (var i = 0; i < n && (tiles || packed); i++)
        {
            if (tiles)
            {
                if (fold)
                {
                    _tileGlu[i] = Sgemm.PackTile(true, d, 2 * d, _fused, i * 2 * d * d, d, _tileGlu[i]);
                }
                else
                {
                    _tileFc1[i] = Sgemm.PackTile(true, d, d, _w1[i].Data, 0, d, _tileFc1[i]);
                    _tileGlu[i] = Sgemm.PackTile(true, d, 2 * d, _wg[i].Data, 0, d, _tileGlu[i]);
                }
            }
            else if (fold)
            {
                _packGlu[i] = Sgemm.Pack(true, d, 2 * d, _fused, i * 2 * d * d, d, _packGlu[i]);
            }
            else
            {
                _packFc1[i] = Sgemm.Pack(true, d, d, _w1[i].Data, 0, d, _packFc1[i]);
                _packGlu[i] = Sgemm.Pack(true, d, 2 * d, _wg[i].Data, 0, d, _packGlu[i]);
            }
        }

        var outBuffer = _out.Get(0, rows * d);
        Array.Clear(outBuffer, 0, rows * d);
        var y = new Tensor(outBuffer, rows, d);

        // Row tiles in parallel; within a tile every variable in order (so out[r] sums them in a fixed order) and the
        // tile's E, H2, G stay in cache between the GEMMs and the row loop. Recording keeps H2 and [a, σ(g)] for the
        // backward in the (n, N, ·) buffers; inference uses per-thread tile scratch.
        var blocks = (rows + BankMath.BlockRows - 1) / BankMath.BlockRows;
        TensorThreads.ForDynamic(blocks, blk =>
        {
            var t = TileScratch.For(d, ref _scratch);
            var h2 = recording ? _h2 : t.H2;
            var g = recording ? _g : t.G;
            int r0 = blk * BankMath.BlockRows, r1 = Math.Min(rows, r0 + BankMath.BlockRows), m = r1 - r0;
            for (var i = 0; i < n; i++)
            {
                var rel = recording ? (i * rows * d) + (r0 * d) : 0;
                int off = (recording ? _h2Base : t.H2Off) + rel, goff = (recording ? _gBase : t.GOff) + (2 * rel);

                // E = ELU(s·u + c) (recomputed in the backward instead of kept)
                ComputeElu(i, r0, r1, s, u, c, t.E, t.EOff);
                ReadOnlySpan<float> gBias;
                if (fold)
                {
                    // G = E·Wfᵀ (+ bf in the row kernel): 2 instead of 3 D×D products per row
                    gBias = _fused.AsSpan((n * 2 * d * d) + (i * 2 * d), 2 * d);
                    TileProducts.Rows(m, 2 * d, d, t.E, t.EOff, tiles ? _tileGlu[i] : null, packed ? _packGlu[i] : null, _fused, i * 2 * d * d, true, g, goff);
                }
                else
                {
                    // H2 = drop(E·W1ᵀ + b1) (bias and mask in one pass); G = H2·Wgᵀ (+ bg in the row kernel)
                    TileProducts.Rows(m, d, d, t.E, t.EOff, tiles ? _tileFc1[i] : null, packed ? _packFc1[i] : null, _w1[i].Data, 0, true, h2, off);
                    BankMath.AddBiasMask(_seeds[i], r0 * d, h2.AsSpan(off, m * d), _b1[i].Span, drop, dropout, keepScale);
                    gBias = _bg[i].Span;
                    TileProducts.Rows(m, 2 * d, d, h2, off, tiles ? _tileGlu[i] : null, packed ? _packGlu[i] : null, _wg[i].Data, 0, true, g, goff);
                }

                // G += bias; Y = LN(x + GLU(G)); out += sel·Y; G becomes [a, σ(g)]
                var wi = w.Data.AsSpan(i * d, d);
                var bi = b.Data.AsSpan(i * d, d);
                var r = r0;
                if (BankRows.Wide(d))
                {
                    // two rows at a time (independent chains overlap); an odd last row goes alone below
                    for (; r + 1 < r1; r += 2)
                    {
                        var (ma, ra, mb, rb) = BankRows.ForwardPair(g.AsSpan(goff + ((r - r0) * 2 * d), 4 * d), gBias, s.Data[(r * n) + i],
                            s.Data[((r + 1) * n) + i], wi, bi, _gamma[i].Span, _beta[i].Span, sel.Data[(r * n) + i], sel.Data[((r + 1) * n) + i],
                            t.Row, y.Data.AsSpan(r * d, 2 * d), Eps);
                        if (recording)
                        {
                            var k = 2 * ((i * rows) + r);
                            _stats[k] = ma;
                            _stats[k + 1] = ra;
                            _stats[k + 2] = mb;
                            _stats[k + 3] = rb;
                        }
                    }
                }

                for (; r < r1; r++)
                {
                    var (mean, rstd) = BankRows.Forward(g.AsSpan(goff + ((r - r0) * 2 * d), 2 * d), gBias, s.Data[(r * n) + i],
                        wi, bi, _gamma[i].Span, _beta[i].Span, sel.Data[(r * n) + i], t.Row, y.Data.AsSpan(r * d, d), Eps);
                    if (recording)
                    {
                        var k = 2 * ((i * rows) + r);
                        _stats[k] = mean;
                        _stats[k + 1] = rstd;
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

    // The weights fit one packed panel (op(B) at most 256 × 512 with 2D columns or rows).
    private bool Packable => 2 * _d <= 256;

    // The tile path serves every product of the bank when D is a multiple of 32 (2D, D rows and columns, 8-row strips).
    private bool Tiles => Sgemm.UseTiles && _d % Sgemm.TileCols == 0;

    // C (m × n) (+)= Aᵀ·B with A (k × m, row stride m) and B (k × n, row stride n) row tiles read in place.
    private static void ProductTN(bool tiles, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, bool accumulate, float[] c, int cOff)
    {
        if (tiles)
        {
            Sgemm.MultiplyTile(true, m, n, k, a, aOff, m, b, bOff, n, accumulate, c, cOff, n);
        }
        else
        {
            Sgemm.MultiplySerial(true, false, m, n, k, 1f, a, aOff, m, b, bOff, n, accumulate ? 1f : 0f, c, cOff, n);
        }
    }

    // Wf = Wg·W1 (2D, D) per variable, then bf = Wg·b1 + bg (2D), into _fused: [Wf₀ .. Wf_{n−1}, bf₀ .. bf_{n−1}].
    private void Fold()
    {
        int n = _n, d = _d;
        for (var i = 0; i < n; i++)
        {
            Sgemm.MultiplySerial(false, false, 2 * d, d, d, 1f, _wg[i].Data, 0, d, _w1[i].Data, 0, d, 0f, _fused, i * 2 * d * d, d);
            var bf = _fused.AsSpan((n * 2 * d * d) + (i * 2 * d), 2 * d);
            _bg[i].Span.CopyTo(bf);
            Sgemm.MultiplySerial(false, false, 2 * d, 1, d, 1f, _wg[i].Data, 0, d, _b1[i].Data, 0, 1, 1f, _fused, (n * 2 * d * d) + (i * 2 * d), 1);
        }
    }

    // E = ELU(s[:, i]·uᵢ + cᵢ) for rows [r0, r1) into dst (row r at dstOff + (r − r0)·D).
    private void ComputeElu(int grp, int r0, int r1, Tensor s, Tensor u, Tensor c, float[] dst, int dstOff)
    {
        int n = _n, d = _d;
        var ui = u.Data.AsSpan(grp * d, d);
        var ci = c.Data.AsSpan(grp * d, d);
        for (var r = r0; r < r1; r++)
        {
            BankRows.EluAffine(s.Data[(r * n) + grp], ui, ci, dst.AsSpan(dstOff + ((r - r0) * d), d));
        }
    }

    private void Ensure(int rows, bool recording)
    {
        int n = _n, d = _d;
        if (_fused.Length < n * 2 * d * (d + 1))
        {
            _fused = new float[n * 2 * d * (d + 1)];
        }

        var size = n * rows * d;
        if (!recording || _h2.Length - _h2Base >= size)
        {
            return;
        }

        _h2 = AlignedBuffer.Allocate(size, out _h2Base);
        _g = AlignedBuffer.Allocate(2 * size, out _gBase);
        _stats = new float[2 * n * rows];
    }
}
