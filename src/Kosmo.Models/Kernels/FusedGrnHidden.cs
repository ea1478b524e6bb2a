using System.Numerics.Tensors;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Tensor = Kosmo.Tensors.Tensor;

namespace Kosmo.Models.Kernels;

/// <summary>
/// The hidden path of a gated residual network fused over 256-row tiles: G = drop(ELU(A + ctx[r / L])·W1ᵀ + b1)·Wgᵀ + bg,
/// the GLU's input, from A = fc2(a) (N, H) and an optional per-sample context term ctx = W3·c (B, H) broadcast over
/// the L rows of each sample. Each tile's E = ELU(·) and masked fc1 output stay in cache between the tile GEMMs
/// (<see cref="Sgemm.MultiplyTile(bool, int, int, int, float[], int, int, Sgemm.TileB, bool, float[], int, int)"/>) and
/// the element-wise passes, and are kept (arena buffers) for the backward; the dropout mask is the counter-based one of
/// <see cref="BankMath"/> (regenerated in the backward, independent of the thread split). Weight and bias gradients go
/// to per-tile partials summed in tile order, so results do not depend on the thread count. Needs the tile path:
/// <see cref="Supported"/>. Reference: the op composition in <see cref="Layers.GatedResidualNetwork.ForwardUnfused"/>
/// (tests assert both agree). // a: (N, H), ctx: (B, H) with N = B·L, w1: (H, H), wg: (2·O, H) -> (N, 2·O)
/// </summary>
public static class FusedGrnHidden
{
    private const int Tile = BankMath.BlockRows;

    // Per-thread tile buffers (E and H2 for inference, the gradient of H2 in the backward), shared layout with the bank.
    [ThreadStatic]
    private static TileScratch? _scratch;

    /// <summary>Whether the fused path serves hidden size <paramref name="hidden"/> and GLU input width <paramref name="gluIn"/> here.</summary>
    public static bool Supported(int hidden, int gluIn) => Sgemm.TileFits(Sgemm.TileRows, hidden) && gluIn % Sgemm.TileCols == 0;

    /// <summary>G for the rows of <paramref name="a"/>, with a recorded backward when any input requires gradients.</summary>
    /// <param name="a">(..., H): fc2 applied to the GRN's input.</param>
    /// <param name="ctx">(B, H) context term or null; row r uses ctx[r / <paramref name="rowsPerSample"/>].</param>
    /// <param name="rowsPerSample">L (rows of a per sample), 1 for (B, H) inputs.</param>
    /// <param name="w1">fc1 weight (H, H).</param>
    /// <param name="b1">fc1 bias (H).</param>
    /// <param name="wg">GLU fc weight (2·O, H).</param>
    /// <param name="bg">GLU fc bias (2·O).</param>
    /// <param name="dropout">Dropout probability after fc1.</param>
    /// <param name="rng">Dropout draws (training) or null (none).</param>
    /// <returns>(..., 2·O).</returns>
    /// <exception cref="ArgumentException">Shapes do not agree or the tile path does not serve them.</exception>
    public static Tensor Forward(Tensor a, Tensor? ctx, int rowsPerSample, Tensor w1, Tensor b1, Tensor wg, Tensor bg, float dropout, Random? rng)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(w1);
        ArgumentNullException.ThrowIfNull(b1);
        ArgumentNullException.ThrowIfNull(wg);
        ArgumentNullException.ThrowIfNull(bg);
        int h = a.Dim(-1), rows = a.Size / h, g2 = wg.Dim(0);
        if (w1.Rank != 2 || w1.Dim(0) != h || w1.Dim(1) != h || b1.Size != h || wg.Rank != 2 || wg.Dim(1) != h || bg.Size != g2
            || (ctx is not null && (rowsPerSample < 1 || rows % rowsPerSample != 0 || ctx.Size != rows / rowsPerSample * h)) || !Supported(h, g2))
        {
            throw new ArgumentException($"FusedGrnHidden: a (..., {h}), ctx {(ctx is null ? "none" : string.Join("×", ctx.Shape))}, W1 {string.Join("×", w1.Shape)}, Wg {string.Join("×", wg.Shape)} do not fit (H a multiple of 32, 2·O of 32, tile path on: {Sgemm.UseTiles}).");
        }

        Tensor[] inputs = ctx is null ? [a, w1, b1, wg, bg] : [a, ctx, w1, b1, wg, bg];
        var recording = !NoGrad.IsActive && inputs.Any(t => t.RequiresGrad);
        var drop = rng is not null && dropout > 0f;
        var seed = drop ? (ulong)rng!.NextInt64() | 1UL : 0UL;
        var keepScale = drop ? 1f / (1f - dropout) : 1f;
        var packW1 = Sgemm.PackTile(true, h, h, w1.Data, 0, h);
        var packWg = Sgemm.PackTile(true, h, g2, wg.Data, 0, h);

        // Recording keeps every tile's E and masked fc1 output for the backward; inference reuses one tile per worker.
        var tiles = (rows + Tile - 1) / Tile;
        var e = TensorArena.Rent(recording ? rows * h : 0);
        var h2 = TensorArena.Rent(recording ? rows * h : 0);
        var shape = a.Shape;
        shape[^1] = g2;
        var y = new Tensor(TensorArena.Rent(rows * g2), shape);
        TensorThreads.ForDynamic(tiles, t =>
        {
            int r0 = t * Tile, m = Math.Min(rows, r0 + Tile) - r0;
            float[] eBuf = e, hBuf = h2;
            int eOff = r0 * h, hOff = r0 * h;
            if (!recording)
            {
                var s = TileScratch.For(h, ref _scratch);
                (eBuf, eOff, hBuf, hOff) = (s.E, s.EOff, s.H2, s.H2Off);
            }

            // E = ELU(A + ctx); Z = E·W1ᵀ; H2 = (Z + b1)·mask; G = H2·Wgᵀ + bg
            for (var r = 0; r < m; r++)
            {
                var er = eBuf.AsSpan(eOff + (r * h), h);
                var ar = a.Data.AsSpan((r0 + r) * h, h);
                if (ctx is null)
                {
                    ar.CopyTo(er);
                }
                else
                {
                    TensorPrimitives.Add(ar, ctx.Data.AsSpan((r0 + r) / rowsPerSample * h, h), er);
                }
            }

            BankMath.Elu(eBuf.AsSpan(eOff, m * h));
            TileProducts.Rows(m, h, h, eBuf, eOff, packW1, null, w1.Data, 0, true, hBuf, hOff);
            BankMath.AddBiasMask(seed, r0 * h, hBuf.AsSpan(hOff, m * h), b1.Span, drop, dropout, keepScale);
            TileProducts.Rows(m, g2, h, hBuf, hOff, packWg, null, wg.Data, 0, true, y.Data, r0 * g2);
            for (var r = 0; r < m; r++)
            {
                var yr = y.Data.AsSpan((r0 + r) * g2, g2);
                TensorPrimitives.Add(yr, bg.Span, yr);
            }
        });

        if (recording)
        {
            Tape.Record(y, () => Backward(y.Grad!, a, ctx, rowsPerSample, w1, b1, wg, bg, e, h2, seed, drop, dropout, keepScale), inputs);
        }

        return y;
    }

    // Per tile: gWg += gGᵀ·H2, gbg += Σ gG, gH2 = gG·Wg masked (gb1 += Σ), gW1 += gH2ᵀ·E, gE = gH2·W1, gA = gE·ELU'.
    // Weight and bias terms go to per-tile partials, added in tile order; the context term sums each sample's rows.
    private static void Backward(float[] gy, Tensor a, Tensor? ctx, int rowsPerSample, Tensor w1, Tensor b1, Tensor wg, Tensor bg,
        float[] e, float[] h2, ulong seed, bool drop, float p, float keepScale)
    {
        int h = a.Dim(-1), rows = a.Size / h, g2 = wg.Dim(0);
        var tiles = (rows + Tile - 1) / Tile;
        var packWg = Sgemm.PackTile(false, g2, h, wg.Data, 0, h);
        var packW1 = Sgemm.PackTile(false, h, h, w1.Data, 0, h);
        int wgSize = g2 * h, w1Size = h * h, part = wgSize + w1Size + g2 + h;
        var partials = TensorArena.Rent(tiles * part);
        var needA = a.RequiresGrad || (ctx?.RequiresGrad ?? false);
        var gA = needA ? TensorArena.Rent(rows * h) : [];
        TensorThreads.ForDynamic(tiles, t =>
        {
            int r0 = t * Tile, m = Math.Min(rows, r0 + Tile) - r0;
            var s = TileScratch.For(h, ref _scratch);
            var p0 = t * part;
            Sgemm.MultiplyTile(true, g2, h, m, gy, r0 * g2, g2, h2, r0 * h, h, false, partials, p0, h);
            var pBg = partials.AsSpan(p0 + wgSize + w1Size, g2);
            var pB1 = partials.AsSpan(p0 + wgSize + w1Size + g2, h);
            pBg.Clear();
            pB1.Clear();
            for (var r = 0; r < m; r++)
            {
                TensorPrimitives.Add(pBg, gy.AsSpan((r0 + r) * g2, g2), pBg);
            }

            TileProducts.Rows(m, h, g2, gy, r0 * g2, packWg, null, wg.Data, 0, false, s.GH, s.GHOff);
            var gh = s.GH.AsSpan(s.GHOff, m * h);
            if (drop)
            {
                BankMath.ApplyMaskAndSumRows(seed, r0 * h, gh, p, keepScale, pB1);
            }
            else
            {
                for (var r = 0; r < m; r++)
                {
                    TensorPrimitives.Add(pB1, gh.Slice(r * h, h), pB1);
                }
            }

            Sgemm.MultiplyTile(true, h, h, m, s.GH, s.GHOff, h, e, r0 * h, h, false, partials, p0 + wgSize, h);
            if (needA)
            {
                TileProducts.Rows(m, h, h, s.GH, s.GHOff, packW1, null, w1.Data, 0, false, gA, r0 * h);
                BankMath.EluBackward(gA.AsSpan(r0 * h, m * h), e.AsSpan(r0 * h, m * h));
            }
        });

        // Tile partials in tile order, each output element on one thread.
        Reduce(wg, partials, part, tiles, 0, wgSize);
        Reduce(w1, partials, part, tiles, wgSize, w1Size);
        Reduce(bg, partials, part, tiles, wgSize + w1Size, g2);
        Reduce(b1, partials, part, tiles, wgSize + w1Size + g2, h);
        if (a.RequiresGrad)
        {
            var ga = a.GradBuffer();
            TensorThreads.ForBalanced(rows * h, 1 << 14, (s0, s1) => TensorPrimitives.Add(ga.AsSpan(s0, s1 - s0), gA.AsSpan(s0, s1 - s0), ga.AsSpan(s0, s1 - s0)));
        }

        if (ctx is not null && ctx.RequiresGrad)
        {
            var gc = ctx.GradBuffer();
            TensorThreads.For(rows / rowsPerSample, 4, (b0, b1x) =>
            {
                for (var b = b0; b < b1x; b++)
                {
                    var dst = gc.AsSpan(b * h, h);
                    for (var r = b * rowsPerSample; r < (b + 1) * rowsPerSample; r++)
                    {
                        TensorPrimitives.Add(dst, gA.AsSpan(r * h, h), dst);
                    }
                }
            });
        }
    }

    private static void Reduce(Tensor target, float[] partials, int part, int tiles, int offset, int size)
    {
        if (!target.RequiresGrad)
        {
            return;
        }

        var g = target.GradBuffer();
        TensorThreads.For(size, 1024, (s0, s1) =>
        {
            var dst = g.AsSpan(s0, s1 - s0);
            for (var t = 0; t < tiles; t++)
            {
                TensorPrimitives.Add(dst, partials.AsSpan((t * part) + offset + s0, s1 - s0), dst);
            }
        });
    }
}
