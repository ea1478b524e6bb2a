using System.Numerics.Tensors;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Tensor = Kosmo.Tensors.Tensor;

namespace Kosmo.Models.Kernels;

/// <summary>The bank's backward: row tiles in parallel, every variable per tile while the tile is in cache.</summary>
public sealed partial class ProjectedVsnBank
{
    // Column partial slots of D floats per (tile, variable): γ, β, w, b, bg (2), b1, u, c.
    private const int ColWidth = 9;

    // One parallel region over fixed row tiles; per tile and variable: the LayerNorm + GLU row kernel, then
    // gWg += gGᵀ·H2, gH2 = gG·Wg (masked), E recomputed, gW1 += gH2ᵀ·E, gE = gH2·W1, ELU'. Column sums go to per-tile
    // partials and weight gradients to per-slot partials (TilesPerSlot consecutive tiles, summed in order by one
    // thread); both are reduced in tile/slot order afterwards, so the result does not depend on the thread count.
    private void Backward(float[] gout, Tensor s, Tensor sel, Tensor u, Tensor c, Tensor w, Tensor b, int rows, bool drop)
    {
        int n = _n, d = _d;
        var gs = s.RequiresGrad ? s.GradBuffer() : null;
        var gsel = sel.RequiresGrad ? sel.GradBuffer() : null;
        var tiles = (rows + BankMath.BlockRows - 1) / BankMath.BlockRows;
        var slots = (tiles + TilesPerSlot - 1) / TilesPerSlot;
        var colSize = tiles * n * ColWidth * d;
        if (_colPartials.Length < colSize)
        {
            _colPartials = new float[colSize];
        }

        Array.Clear(_colPartials, 0, colSize);
        if (_wPartials.Length - _wBase < slots * n * 3 * d * d)
        {
            _wPartials = AlignedBuffer.Allocate(slots * n * 3 * d * d, out _wBase);
        }

        var keepScale = drop ? 1f / (1f - _dropout) : 1f;
        var useTiles = Tiles;
        var packed = !useTiles && Packable;
        for (var i = 0; i < n && (useTiles || packed); i++)
        {
            if (useTiles)
            {
                _tileGluBack[i] = Sgemm.PackTile(false, 2 * d, d, _wg[i].Data, 0, d, _tileGluBack[i]);
                _tileFc1Back[i] = Sgemm.PackTile(false, d, d, _w1[i].Data, 0, d, _tileFc1Back[i]);
            }
            else
            {
                _packGlu[i] = Sgemm.Pack(false, 2 * d, d, _wg[i].Data, 0, d, _packGlu[i]);
                _packFc1[i] = Sgemm.Pack(false, d, d, _w1[i].Data, 0, d, _packFc1[i]);
            }
        }

        // Slots are independent (own partials, own rows), so they are handed out dynamically.
        TensorThreads.ForDynamic(slots, q =>
        {
            var t = TileScratch.For(d, ref _scratch);
            for (var tile = q * TilesPerSlot; tile < Math.Min(tiles, (q + 1) * TilesPerSlot); tile++)
            {
                for (var i = 0; i < n; i++)
                {
                    BackwardTile(i, tile, q, tile == q * TilesPerSlot, rows, t, gout, gs, gsel, s, sel, u, c, w, b, drop, keepScale, useTiles, packed);
                }
            }
        });

        // Per-variable reductions in tile / slot order (each variable's sums on one thread).
        var gu = u.RequiresGrad ? u.GradBuffer() : null;
        var gc = c.RequiresGrad ? c.GradBuffer() : null;
        var gw = w.RequiresGrad ? w.GradBuffer() : null;
        var gb = b.RequiresGrad ? b.GradBuffer() : null;
        var grads = Enumerable.Range(0, n)
            .Select(i => (G: _gamma[i].GradBuffer(), B: _beta[i].GradBuffer(), Bg: _bg[i].GradBuffer(), B1: _b1[i].GradBuffer(),
                Wg: _wg[i].GradBuffer(), W1: _w1[i].GradBuffer()))
            .ToArray();
        TensorThreads.For(n, 1, (i0, i1) =>
        {
            for (var i = i0; i < i1; i++)
            {
                var gr = grads[i];
                for (var tile = 0; tile < tiles; tile++)
                {
                    var p = _colPartials.AsSpan(((tile * n) + i) * ColWidth * d, ColWidth * d);
                    Add(gr.G.AsSpan(0, d), p[..d]);
                    Add(gr.B.AsSpan(0, d), p.Slice(d, d));
                    Add(gw is null ? default : gw.AsSpan(i * d, d), p.Slice(2 * d, d));
                    Add(gb is null ? default : gb.AsSpan(i * d, d), p.Slice(3 * d, d));
                    Add(gr.Bg.AsSpan(0, 2 * d), p.Slice(4 * d, 2 * d));
                    Add(gr.B1.AsSpan(0, d), p.Slice(6 * d, d));
                    Add(gu is null ? default : gu.AsSpan(i * d, d), p.Slice(7 * d, d));
                    Add(gc is null ? default : gc.AsSpan(i * d, d), p.Slice(8 * d, d));
                }

                for (var q = 0; q < slots; q++)
                {
                    var p = _wPartials.AsSpan(_wBase + (((q * n) + i) * 3 * d * d), 3 * d * d);
                    Add(gr.Wg.AsSpan(0, 2 * d * d), p[..(2 * d * d)]);
                    Add(gr.W1.AsSpan(0, d * d), p[(2 * d * d)..]);
                }
            }
        });
    }

    private static void Add(Span<float> dst, ReadOnlySpan<float> src)
    {
        if (!dst.IsEmpty)
        {
            TensorPrimitives.Add(dst, src, dst);
        }
    }

    private void BackwardTile(int i, int tile, int slot, bool first, int rows, TileScratch t, float[] gout, float[]? gs, float[]? gsel,
        Tensor s, Tensor sel, Tensor u, Tensor c, Tensor w, Tensor b, bool drop, float keepScale, bool tiles, bool packed)
    {
        int n = _n, d = _d;
        int r0 = tile * BankMath.BlockRows, r1 = Math.Min(rows, r0 + BankMath.BlockRows), m = r1 - r0;
        int rel = (i * rows * d) + (r0 * d), off = _h2Base + rel, goff = _gBase + (2 * rel);
        var part = _colPartials.AsSpan(((tile * n) + i) * ColWidth * d, ColWidth * d);
        var wi = w.Data.AsSpan(i * d, d);
        var bi = b.Data.AsSpan(i * d, d);
        var gG = t.GG;
        int gGOff = t.GGOff, ghOff = t.GHOff, eOff = t.EOff;

        // LayerNorm + GLU + selection backward per row: gG = [∂a, ∂g]; γ, β, w, b, bg column terms; ∂sel, ∂s
        var row = r0;
        if (BankRows.Wide(d))
        {
            // two rows at a time; an odd last row goes alone below
            for (; row + 1 < r1; row += 2)
            {
                var k2 = 2 * ((i * rows) + row);
                var (gSelA, gSA, gSelB, gSB) = BankRows.BackwardPair(_g.AsSpan(goff + ((row - r0) * 2 * d), 4 * d), s.Data[(row * n) + i],
                    s.Data[((row + 1) * n) + i], wi, bi, _gamma[i].Span, _beta[i].Span, sel.Data[(row * n) + i], sel.Data[((row + 1) * n) + i],
                    _stats[k2], _stats[k2 + 1], _stats[k2 + 2], _stats[k2 + 3], gout.AsSpan(row * d, 2 * d),
                    gG.AsSpan(gGOff + ((row - r0) * 2 * d), 4 * d), part[..(6 * d)], t.Row);
                if (gsel is not null)
                {
                    gsel[(row * n) + i] += gSelA;
                    gsel[((row + 1) * n) + i] += gSelB;
                }

                if (gs is not null)
                {
                    gs[(row * n) + i] += gSA;
                    gs[((row + 1) * n) + i] += gSB;
                }
            }
        }

        for (; row < r1; row++)
        {
            var k = 2 * ((i * rows) + row);
            var (gSel, gS) = BankRows.Backward(_g.AsSpan(goff + ((row - r0) * 2 * d), 2 * d), s.Data[(row * n) + i], wi, bi,
                _gamma[i].Span, _beta[i].Span, sel.Data[(row * n) + i], _stats[k], _stats[k + 1], gout.AsSpan(row * d, d),
                gG.AsSpan(gGOff + ((row - r0) * 2 * d), 2 * d), part[..(6 * d)], t.Row);
            if (gsel is not null)
            {
                gsel[(row * n) + i] += gSel;
            }

            if (gs is not null)
            {
                gs[(row * n) + i] += gS;
            }
        }

        // glu.fc: gWg (slot partial) += gGᵀ·H2; gH2 = gG·Wg, times the dropout mask; b1 column sums
        var wp = _wBase + (((slot * n) + i) * 3 * d * d);
        ProductTN(tiles, 2 * d, d, m, gG, gGOff, _h2, off, !first, _wPartials, wp);
        TileProducts.Rows(m, d, 2 * d, gG, gGOff, tiles ? _tileGluBack[i] : null, packed ? _packGlu[i] : null, _wg[i].Data, 0, false, t.GH, ghOff);

        // times the dropout mask, with the b1 column sums in the same pass
        var pB1 = part.Slice(6 * d, d);
        if (drop)
        {
            BankMath.ApplyMaskAndSumRows(_seeds[i], r0 * d, t.GH.AsSpan(ghOff, m * d), _dropout, keepScale, pB1);
        }
        else
        {
            for (var r = 0; r < m; r++)
            {
                TensorPrimitives.Add(pB1, t.GH.AsSpan(ghOff + (r * d), d), pB1);
            }
        }

        // fc1: gW1 (slot partial) += gH2ᵀ·E with E recomputed; gE = gH2·W1 (into gG's storage)
        ComputeElu(i, r0, r1, s, u, c, t.E, eOff);
        ProductTN(tiles, d, d, m, t.GH, ghOff, t.E, eOff, !first, _wPartials, wp + (2 * d * d));
        TileProducts.Rows(m, d, d, t.GH, ghOff, tiles ? _tileFc1Back[i] : null, packed ? _packFc1[i] : null, _w1[i].Data, 0, false, gG, gGOff);

        // ELU', then h1 = s·u + c: u, c column terms and ∂s
        var ui = u.Data.AsSpan(i * d, d);
        Span<float> pU = part.Slice(7 * d, d), pC = part.Slice(8 * d, d);
        for (var r = 0; r < m; r++)
        {
            var gS = BankRows.EluAffineBackward(gG.AsSpan(gGOff + (r * d), d), t.E.AsSpan(eOff + (r * d), d), s.Data[((r0 + r) * n) + i], ui, pU, pC);
            if (gs is not null)
            {
                gs[((r0 + r) * n) + i] += gS;
            }
        }
    }
}
