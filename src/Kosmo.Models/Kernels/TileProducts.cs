using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Models.Kernels;

/// <summary>The row-tile products of the fused kernels (the VSN bank, the GRN hidden path) on the tile GEMM path.</summary>
internal static class TileProducts
{
    /// <summary>
    /// C (m × n, row stride n) = A (m × k, row stride k)·op(W): the rows in whole 8-row strips on the tile path
    /// (<paramref name="tile"/> holds op(W) packed), any rest — or all rows when <paramref name="tile"/> is null — on the
    /// general path, from <paramref name="packed"/> when given, else from W (n × k at <paramref name="wOff"/> when
    /// <paramref name="transposed"/>, else k × n). Both paths give the same bits.
    /// </summary>
    public static void Rows(int m, int n, int k, float[] a, int aOff, Sgemm.TileB? tile, Sgemm.PackedB? packed, float[] w, int wOff,
        bool transposed, float[] c, int cOff)
    {
        if (MixedPrecision.Current == Precision.Bf16)
        {
            // bf16 products convert op(W) themselves; the fp32-prepacked forms are not used.
            Sgemm.MultiplySerial(false, transposed, m, n, k, 1f, a, aOff, k, w, wOff, transposed ? k : n, 0f, c, cOff, n);
            return;
        }

        var m8 = tile is null ? 0 : m - (m % Sgemm.TileRows);
        if (m8 > 0)
        {
            Sgemm.MultiplyTile(false, m8, n, k, a, aOff, k, tile!, false, c, cOff, n);
        }

        if (m8 == m)
        {
            return;
        }

        if (packed is not null && m8 == 0)
        {
            Sgemm.MultiplySerial(false, m, n, k, 1f, a, aOff, k, packed, 0f, c, cOff, n);
        }
        else
        {
            Sgemm.MultiplySerial(false, transposed, m - m8, n, k, 1f, a, aOff + (m8 * k), k, w, wOff, transposed ? k : n, 0f, c, cOff + (m8 * n), n);
        }
    }
}
