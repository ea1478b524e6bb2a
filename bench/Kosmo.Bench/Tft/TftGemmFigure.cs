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
    }
}
