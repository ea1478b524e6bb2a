using System.Diagnostics;
using System.Globalization;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Gemm;

/// <summary>
/// Kosmo's SGEMM GFLOP/s at given shapes (GEMM_SHAPES="TA,TB,m,n,k;..." as the census prints them), through
/// <see cref="Sgemm.Multiply"/> (alpha 1, beta 0, dense operands) on KOSMO_THREADS tensor threads (default 2): per
/// shape, one warm-up, then samples of enough back-to-back calls to last ≥ 2 ms (≥ 1 call), the median sample
/// (quick: 5 samples, else 15). GEMM_CLOCK=thread times the calling thread's CPU time instead of wall time (steady on a
/// loaded machine; one tensor thread only, where the product runs on the calling thread). Prints
/// <c>kosmo_gemm_gflops_TATB_MxNxK=...</c>. bench/numpy_sgemm.py measures the same shapes the same way;
/// bench/figures/31-gemm-shapes.sh interleaves the two.
/// </summary>
public sealed class GemmShapesFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "gemm-shapes";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = int.TryParse(Environment.GetEnvironmentVariable("KOSMO_THREADS"), out var threads) ? threads : 2;
        var text = Environment.GetEnvironmentVariable("GEMM_SHAPES");
        if (string.IsNullOrWhiteSpace(text))
        {
            Console.Error.WriteLine("gemm-shapes: set GEMM_SHAPES=TA,TB,m,n,k;... (e.g. N,T,7680,128,32)");
            return;
        }

        var threadClock = Environment.GetEnvironmentVariable("GEMM_CLOCK") == "thread";
        if (threadClock && TensorThreads.Count != 1)
        {
            Console.Error.WriteLine("gemm-shapes: GEMM_CLOCK=thread needs KOSMO_THREADS=1 (the product must run on the calling thread)");
            return;
        }

        var samples = quick ? 5 : 15;
        foreach (var shape in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(GemmShape.Parse))
        {
            var gflops = Measure(shape, samples, threadClock);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kosmo_gemm_gflops_{shape.Key}={gflops:F2}"));
        }
    }

    private static double Measure(GemmShape s, int samples, bool threadClock)
    {
        var wall = Stopwatch.StartNew();
        double Seconds() => threadClock ? Tft.ThreadClock.Ms() / 1e3 : wall.Elapsed.TotalSeconds;
        var rng = new Random(s.M + (7 * s.N) + (13 * s.K));
        var a = Rand(rng, s.M * s.K);
        var b = Rand(rng, s.K * s.N);
        var c = new float[s.M * s.N];
        int lda = s.TransA ? s.M : s.K, ldb = s.TransB ? s.K : s.N;
        void Call() => Sgemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.N);

        Call();
        var t0 = Seconds();
        Call();
        var once = Math.Max(Seconds() - t0, 1e-7);
        var inner = (int)Math.Clamp(Math.Ceiling(2e-3 / once), 1, 100_000);
        var times = new List<double>();
        for (var r = 0; r < samples; r++)
        {
            t0 = Seconds();
            for (var i = 0; i < inner; i++)
            {
                Call();
            }

            times.Add((Seconds() - t0) / inner);
        }

        times.Sort();
        return s.Flops / times[times.Count / 2] / 1e9;
    }

    private static float[] Rand(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
