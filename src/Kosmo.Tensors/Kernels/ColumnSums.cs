using System.Numerics.Tensors;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// dst[c] += Σ_r src[r, c] with the rows added in order, split over column ranges in parallel: every element gets the
/// same additions in the same order as a serial row-by-row loop, so the result is identical at any thread count.
/// (Bias gradients of linear layers and the LSTM: 15,360 rows of 64–256 columns per step.)
/// </summary>
public static class ColumnSums
{
    /// <summary>Adds the <paramref name="rows"/> rows of <paramref name="src"/> (row stride <paramref name="ld"/>) into dst.</summary>
    /// <exception cref="ArgumentException">Arrays too short for the sizes.</exception>
    public static void AddTo(float[] src, int srcOffset, int rows, int cols, int ld, float[] dst, int dstOffset)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentNullException.ThrowIfNull(dst);
        if (rows <= 0 || cols <= 0)
        {
            return;
        }

        if (ld < cols || srcOffset < 0 || (long)srcOffset + ((long)(rows - 1) * ld) + cols > src.Length || dstOffset < 0 || dstOffset + cols > dst.Length)
        {
            throw new ArgumentException($"ColumnSums: {rows}×{cols} (stride {ld}) at {srcOffset} into {dstOffset} does not fit arrays of {src.Length} and {dst.Length}.");
        }

        // Column blocks of at least 16 (two vectors) and only when there are enough rows to pay for a region.
        var minCols = rows * cols < (1 << 16) ? cols : 16;
        TensorThreads.For(cols, minCols, (c0, c1) =>
        {
            var d = dst.AsSpan(dstOffset + c0, c1 - c0);
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(d, src.AsSpan(srcOffset + (r * ld) + c0, c1 - c0), d);
            }
        });
    }
}
