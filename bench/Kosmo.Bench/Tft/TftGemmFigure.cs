using System.Globalization;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Tft;

/// <summary>
/// SGEMM GFLOP/s at the shapes of TFT-Lite's per-variable GRN bank (rows = B·L = 15360, D = 64) on one thread,
/// thread CPU time, best of 5 (steadier than a median on a loaded machine): forward x·Wᵀ, weight gradient gᵀ·x, input gradient g·W;
/// then the bank's per-tile calls on the general path (6×16 AVX2 and 6×32 AVX-512 kernels, B packed per call) and on
/// the 8×32 tile path (aligned operands, weights packed once), as the bank runs them.
/// </summary>
public sealed class TftGemmFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "tft-gemm";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = 1;
        var ic = CultureInfo.InvariantCulture;
        (bool Ta, bool Tb, int M, int N, int K)[] shapes =
        [
            (false, true, 15360, 64, 64), (false, true, 15360, 128, 64), (true, false, 128, 64, 15360),
            (true, false, 64, 64, 15360), (false, false, 15360, 64, 128), (false, false, 15360, 64, 64),
            (false, true, 256, 256, 64), (false, true, 1024, 1024, 1024),
        ];
        foreach (var (ta, tb, m, n, k) in shapes)
        {
            var rng = new Random(1);
            var a = Tensor.Uniform(rng, -1, 1, m * k).Data;
            var b = Tensor.Uniform(rng, -1, 1, k * n).Data;
            var c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            var best = double.MaxValue;
            for (var rep = 0; rep < 5; rep++)
            {
                var t0 = ThreadClock.Ms();
                Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                best = Math.Min(best, (ThreadClock.Ms() - t0) / 1000);
            }

            output.WriteLine(string.Create(ic, $"gemm_{(ta ? 't' : 'n')}{(tb ? 't' : 'n')}_{m}x{n}x{k}_gflops={2.0 * m * n * k / best / 1e9:F1}"));
        }

        // The bank's per-tile calls (MultiplySerial on 256-row tiles of a 15360-row buffer, 60 tiles): forward E·W1ᵀ,
        // H2·Wgᵀ; backward gGᵀ·H2, gG·Wg, gH2ᵀ·E, gH2·W1.
        (bool Ta, bool Tb, int M, int N, int K, string Name)[] tiles =
        [
            (false, true, 256, 64, 64, "fwd_fc1"), (false, true, 256, 128, 64, "fwd_glu"), (true, false, 128, 64, 256, "bwd_dwg"),
            (false, false, 256, 64, 128, "bwd_dh2"), (true, false, 64, 64, 256, "bwd_dw1"), (false, false, 256, 64, 64, "bwd_de"),
        ];
        const int rows = 15360, tile = 256;
        var hw = Sgemm.UseAvx512;
        var tilesOn = Sgemm.UseTiles;
        foreach (var (ta, tb, m, n, k, name) in tiles)
        {
            foreach (var wide in System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? new[] { true, false } : [false])
            {
            Sgemm.UseAvx512 = wide;
            Sgemm.UseTiles = false; // the general path's kernels (the tile path is measured below)
            var rng = new Random(1);
            // Row-tiled operand: (rows, k) for NN/NT, (rows, m) for TN; the small operand is the weight / the other tile.
            var big = Tensor.Uniform(rng, -1, 1, rows * Math.Max(k, m)).Data;
            var small = Tensor.Uniform(rng, -1, 1, Math.Max(k, rows) * n).Data;
            var c = new float[Math.Max(rows * n, m * n)];
            var best = double.MaxValue;
            for (var rep = 0; rep < 9; rep++)
            {
                var t0 = ThreadClock.Ms();
                for (var r0 = 0; r0 < rows; r0 += tile)
                {
                    if (ta)
                    {
                        // C (m×n) = A(tile×m)ᵀ · B(tile×n): both row tiles
                        Sgemm.MultiplySerial(true, false, m, n, k, 1f, big, r0 * m, m, small, r0 * n, n, r0 == 0 ? 0f : 1f, c, 0, n);
                    }
                    else
                    {
                        Sgemm.MultiplySerial(false, tb, m, n, k, 1f, big, r0 * k, k, small, 0, tb ? k : n, 0f, c, r0 * n, n);
                    }
                }

                best = Math.Min(best, (ThreadClock.Ms() - t0) / 1000);
            }

            output.WriteLine(string.Create(ic, $"gemm_tile_{name}_{(ta ? 't' : 'n')}{(tb ? 't' : 'n')}_{m}x{n}x{k}_{(wide ? "avx512" : "avx2")}_gflops={2.0 * m * n * k * (rows / tile) / best / 1e9:F1}"));
            }

            Sgemm.UseAvx512 = hw;
            Sgemm.UseTiles = tilesOn;
            if (Sgemm.TileHardware)
            {
                // The tile path as the bank calls it: 64-byte-aligned operands, the weight packed once (NT, NN) or
                // the other row tile read in place (TN).
                var rng2 = new Random(1);
                var bigA = AlignedBuffer.Allocate(rows * Math.Max(k, m), out var bigOff);
                var smallA = AlignedBuffer.Allocate(Math.Max(k, rows) * n, out var smallOff);
                var cA = AlignedBuffer.Allocate(Math.Max(rows * n, m * n), out var cOff);
                Tensor.Uniform(rng2, -1, 1, rows * Math.Max(k, m)).Data.CopyTo(bigA, bigOff);
                Tensor.Uniform(rng2, -1, 1, Math.Max(k, rows) * n).Data.CopyTo(smallA, smallOff);
                var packed = ta ? null : Sgemm.PackTile(tb, k, n, smallA, smallOff, tb ? k : n);
                var bestTile = double.MaxValue;
                for (var rep = 0; rep < 9; rep++)
                {
                    var t0 = ThreadClock.Ms();
                    for (var r0 = 0; r0 < rows; r0 += tile)
                    {
                        if (ta)
                        {
                            Sgemm.MultiplyTile(true, m, n, k, bigA, bigOff + (r0 * m), m, smallA, smallOff + (r0 * n), n, r0 != 0, cA, cOff, n);
                        }
                        else
                        {
                            Sgemm.MultiplyTile(false, m, n, k, bigA, bigOff + (r0 * k), k, packed!, false, cA, cOff + (r0 * n), n);
                        }
                    }

                    bestTile = Math.Min(bestTile, (ThreadClock.Ms() - t0) / 1000);
                }

                output.WriteLine(string.Create(ic, $"gemm_tile_{name}_{(ta ? 't' : 'n')}{(tb ? 't' : 'n')}_{m}x{n}x{k}_tile8x32_gflops={2.0 * m * n * k * (rows / tile) / bestTile / 1e9:F1}"));
            }
        }

        output.WriteLine($"vector512_accelerated={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
    }
}
