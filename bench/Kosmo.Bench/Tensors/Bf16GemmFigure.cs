using System.Globalization;
using Kosmo.Bench.Tft;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Tensors;

/// <summary>
/// GEMM GFLOP/s on one thread, fp32 (<see cref="Sgemm"/>, the engine's kernels) against bf16 (the same entry point in a
/// <see cref="MixedPrecision"/> bf16 scope: <see cref="Bf16Native"/>, operand conversion included), at TFT-Lite's
/// shapes (B·L = 15360 rows of width D = 64: Linear forward x·Wᵀ, its input gradient g·W and weight gradient gᵀ·x; the
/// VSN bank's 256-row tiles; square 256 and 1024). The two precisions alternate per repeat so load drifts hit both; rates
/// use the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), steady on a loaded machine; medians over repeats. Prints
/// bf16_gemm_{shape}_fp32_gflops, _bf16_gflops and _ratio, and bf16_gemm_available (0 prints NA for bf16).
/// </summary>
public sealed class Bf16GemmFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "bf16-gemm";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = 1;
        var ic = CultureInfo.InvariantCulture;
        output.WriteLine($"bf16_gemm_available={(Bf16Native.IsAvailable ? 1 : 0)}");
        if (!Bf16Native.IsAvailable)
        {
            Console.Error.WriteLine($"bf16 kernels unavailable: {Bf16Native.Status}");
        }

        (string Name, bool Ta, bool Tb, int M, int N, int K)[] shapes =
        [
            ("linear_fwd_15360x64x64", false, true, 15360, 64, 64),
            ("linear_dx_15360x64x64", false, false, 15360, 64, 64),
            ("linear_dw_64x64x15360", true, false, 64, 64, 15360),
            ("bank_256x128x64", false, true, 256, 128, 64),
            ("bank_dw_128x64x256", true, false, 128, 64, 256),
            ("square_256", false, false, 256, 256, 256),
            ("square_1024", false, false, 1024, 1024, 1024),
        ];
        var reps = quick ? 3 : 7;
        var rng = new Random(1);
        foreach (var (name, ta, tb, m, n, k) in shapes)
        {
            var a = Rand(rng, m * k);
            var b = Rand(rng, k * n);
            var c = new float[m * n];
            var flop = 2.0 * m * n * k;
            // Enough calls per timing for ≈ 0.2 GFLOP of work (at least 2).
            var calls = Math.Max(2, (int)(2e8 / flop));
            var fp32 = new List<double>();
            var bf16 = new List<double>();
            for (var r = 0; r < reps + 1; r++)
            {
                var f = Rate(false, ta, tb, m, n, k, a, b, c, calls, flop);
                var h = Bf16Native.IsAvailable ? Rate(true, ta, tb, m, n, k, a, b, c, calls, flop) : double.NaN;
                if (r > 0)
                {
                    fp32.Add(f);
                    bf16.Add(h);
                }
            }

            var mf = Median(fp32);
            output.WriteLine(string.Create(ic, $"bf16_gemm_{name}_fp32_gflops={mf:F1}"));
            if (Bf16Native.IsAvailable)
            {
                var mh = Median(bf16);
                output.WriteLine(string.Create(ic, $"bf16_gemm_{name}_bf16_gflops={mh:F1}"));
                output.WriteLine(string.Create(ic, $"bf16_gemm_{name}_ratio={mh / mf:F2}"));
            }
            else
            {
                output.WriteLine($"bf16_gemm_{name}_bf16_gflops=NA");
                output.WriteLine($"bf16_gemm_{name}_ratio=NA");
            }
        }
    }

    private static double Rate(bool bf16, bool ta, bool tb, int m, int n, int k, float[] a, float[] b, float[] c, int calls, double flop)
    {
        using var scope = MixedPrecision.Scope(bf16 ? Precision.Bf16 : Precision.Fp32);
        int lda = ta ? m : k, ldb = tb ? k : n;
        var t0 = ThreadClock.Ms();
        for (var i = 0; i < calls; i++)
        {
            Sgemm.MultiplySerial(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }

        var ms = Math.Max(1e-3, ThreadClock.Ms() - t0);
        return flop * calls / (ms * 1e6);
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
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
