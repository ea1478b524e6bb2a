using System.Diagnostics;
using System.Globalization;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Kosmo.Tensors.Optim;

namespace Kosmo.Bench.Tensors;

/// <summary>
/// Engine figures: SGEMM GFLOP/s at square sizes 64–2048 (<c>sgemm_gflops_N</c>), and one TFT-Lite training step's op
/// sequence at B=256, L=60, K=16, D=64, H=4 (forward + backward + AdamW): <c>engine_tft_opseq_samples_per_s</c>,
/// inference <c>engine_tft_infer_samples_per_s</c>, peak working set <c>engine_tft_peak_mb</c>. Medians of repeats;
/// thread count from KOSMO_THREADS (default 2).
/// </summary>
public sealed class TensorsFigure : IFigure
{
    public string Name => "tensors";

    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = int.TryParse(Environment.GetEnvironmentVariable("KOSMO_THREADS"), out var t) ? t : 2;
        output.WriteLine($"engine_threads={TensorThreads.Count}");
        int[] sizes = quick ? [64, 256, 1024] : [64, 128, 256, 512, 1024, 2048];
        foreach (var n in sizes)
        {
            output.WriteLine(F($"sgemm_gflops_{n}={SgemmGflops(n, quick):F2}"));
        }

        // The shapes that dominate a TFT-Lite step: Linear forward (x·Wᵀ), weight gradient (gᵀ·x), input gradient (g·W).
        output.WriteLine(F($"sgemm_gflops_tft_fwd_15360x64x64_nt={Gflops(false, true, 15360, 64, 64):F2}"));
        output.WriteLine(F($"sgemm_gflops_tft_dw_64x64x15360_tn={Gflops(true, false, 64, 64, 15360):F2}"));
        output.WriteLine(F($"sgemm_gflops_tft_dx_15360x64x128_nn={Gflops(false, false, 15360, 64, 128):F2}"));
        RunTft(quick, output);
    }

    private static double Gflops(bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Random(m + n + k);
        var a = Tensor.Uniform(rng, -1, 1, m * k).Data;
        var b = Tensor.Uniform(rng, -1, 1, k * n).Data;
        var c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.2)
        {
            Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }

        var times = new List<double>();
        for (var r = 0; r < 30; r++)
        {
            var sw = Stopwatch.StartNew();
            Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            times.Add(sw.Elapsed.TotalSeconds);
        }

        return 2.0 * m * n * k / Median(times) / 1e9;
    }

    private static double SgemmGflops(int n, bool quick)
    {
        var rng = new Random(n);
        var a = Tensor.Uniform(rng, -1, 1, n, n).Data;
        var b = Tensor.Uniform(rng, -1, 1, n, n).Data;
        var c = new float[n * n];
        var flops = 2.0 * n * n * n;
        var reps = Math.Max(5, (int)Math.Min(200, 4e9 / flops));
        if (quick)
        {
            reps = Math.Max(3, reps / 4);
        }

        // Warm up for at least 0.3 s (JIT tiering, caches, thread pool).
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.3)
        {
            Sgemm.Multiply(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }

        var times = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            Sgemm.Multiply(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            times.Add(sw.Elapsed.TotalSeconds);
        }

        return flops / Median(times) / 1e9;
    }

    private static void RunTft(bool quick, TextWriter output)
    {
        int b = 256, l = 60, k = 16;
        var rng = new Random(0);
        var model = new TftOpSequence(k, 64, 4, seed: 0);
        var x = Tensor.Randn(rng, 1f, b, l, k);
        var cat0 = Enumerable.Range(0, b).Select(_ => rng.Next(3)).ToArray();
        var cat1 = Enumerable.Range(0, b).Select(_ => rng.Next(10)).ToArray();
        var sReal = Tensor.Randn(rng, 1f, b, 2);
        var y = Enumerable.Range(0, b).Select(_ => rng.Next(3)).ToArray();
        using (NoGrad.Scope())
        {
            model.Forward(x, cat0, cat1, sReal); // creates the parameters
        }

        var opt = new AdamW(model.Parameters, 1e-3);
        float loss = 0;
        double cpuF = 0, cpuB = 0, cpuO = 0;
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        void Step()
        {
            var t0 = Cpu();
            opt.ZeroGrad();
            using (TensorArena.Scope())
            {
                var l0 = Ops.CrossEntropy(model.Forward(x, cat0, cat1, sReal), y);
                var t1 = Cpu();
                l0.Backward();
                loss = l0.Item();
                var t2 = Cpu();
                cpuF += t1 - t0;
                cpuB += t2 - t1;
            }

            var t3 = Cpu();
            opt.Step();
            cpuO += Cpu() - t3;
        }

        var steps = quick ? 3 : 10;
        for (var i = 0; i < 2; i++)
        {
            Step();
        }

        var times = new List<double>();
        var me = Process.GetCurrentProcess();
        var cpu0 = me.TotalProcessorTime;
        for (var i = 0; i < steps; i++)
        {
            var sw = Stopwatch.StartNew();
            Step();
            times.Add(sw.Elapsed.TotalSeconds);
        }

        me.Refresh();
        var cpuPerStep = (me.TotalProcessorTime - cpu0).TotalSeconds / steps;
        var all = steps + 2;
        output.WriteLine(F($"engine_tft_cpu_s_forward={cpuF / all:F3}"));
        output.WriteLine(F($"engine_tft_cpu_s_backward={cpuB / all:F3}"));
        output.WriteLine(F($"engine_tft_cpu_s_optimizer={cpuO / all:F3}"));

        output.WriteLine(F($"engine_tft_opseq_samples_per_s={b / Median(times):F1}"));
        output.WriteLine(F($"engine_tft_opseq_step_ms={Median(times) * 1000:F1}"));
        output.WriteLine(F($"engine_tft_opseq_cpu_s_per_step={cpuPerStep:F3}"));
        output.WriteLine(F($"engine_tft_params={model.Parameters.Sum(p => p.Size)}"));
        output.WriteLine(F($"engine_tft_loss_after_{steps + 2}_steps={loss:F4}"));

        model.Training = false;
        var inf = new List<double>();
        for (var i = 0; i < steps; i++)
        {
            var sw = Stopwatch.StartNew();
            using (NoGrad.Scope())
            using (TensorArena.Scope())
            {
                model.Forward(x, cat0, cat1, sReal);
            }

            inf.Add(sw.Elapsed.TotalSeconds);
        }

        output.WriteLine(F($"engine_tft_infer_samples_per_s={b / Median(inf):F1}"));
        output.WriteLine(F($"engine_tft_peak_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0}"));
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
