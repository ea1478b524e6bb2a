using System.Globalization;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Tft;

/// <summary>
/// SGEMM GFLOP/s at the shapes of TFT-Lite's per-variable GRN bank (rows = B·L = 15360, D = 64) on one thread,
/// thread CPU time, best of 5 (steadier than a median on a loaded machine): forward x·Wᵀ, weight gradient gᵀ·x, input gradient g·W.
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
        foreach (var (ta, tb, m, n, k, name) in tiles)
        {
            foreach (var wide in System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? new[] { true, false } : [false])
            {
            Sgemm.UseAvx512 = wide;
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
        }

        output.WriteLine($"vector512_accelerated={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
    }
}
