using System.Globalization;
using Kosmo.Models.Tft;
using Kosmo.Tensors;
using Kosmo.Tensors.Diagnostics;
using Kosmo.Tensors.Optim;

namespace Kosmo.Bench.Tft;

/// <summary>
/// Where a TFT-Lite training step spends its time, per model block (forward and backward), at the benchmark size
/// (B=256, L=60, K=16, D=64, H=4; TFT_PROFILE_SHAPE=real gives the real run's D=32, L=30, K=60). Runs on ONE tensor
/// thread and charges thread CPU time (CLOCK_THREAD_CPUTIME_ID), so the breakdown is steady on a loaded machine.
/// Prints tft_profile_{fwd|bwd}_{section}_ms per step (mean over the measured steps) and the step total, then the same
/// for no-grad prediction of one batch (tft_profile_infer_{section}_ms, tft_profile_infer_batch_cpu_ms).
/// TFT_PROFILE_THREADS=2 runs on two tensor threads and charges wall-clock ms instead (where the step does not scale).
/// </summary>
public sealed class TftProfileFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "tft-profile";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var wallThreads = int.TryParse(Environment.GetEnvironmentVariable("TFT_PROFILE_THREADS"), out var pt) && pt > 1 ? pt : 1;
        TensorThreads.Count = wallThreads;
        _wall = wallThreads > 1;
        var real = Environment.GetEnvironmentVariable("TFT_PROFILE_SHAPE") == "real";
        int b = 256, l = real ? 30 : 60, k = real ? 60 : 16, d = real ? 32 : 64;
        var steps = quick ? 2 : 5;
        // TFT_PRECISION=bf16 profiles the step with the products on the bf16 kernels.
        using var precision = MixedPrecision.Scope(Environment.GetEnvironmentVariable("TFT_PRECISION") == "bf16" ? Precision.Bf16 : Precision.Fp32);
        output.WriteLine($"tft_profile_precision={MixedPrecision.Current.ToString().ToLowerInvariant()}");
        var (model, x, cats, reals, y, _) = TftBenchBatch.Create(b, l, k, d);
        var opt = new AdamW(model.Parameters, 1e-3f);
        var dropRng = new Random(2);
        OpProfiler.Clock = ThreadCpuMs;
        double total = 0, optMs = 0;
        for (var step = 0; step < steps + 2; step++)
        {
            if (step == 2)
            {
                OpProfiler.Enabled = true;
            }

            OpProfiler.Reset();
            var t0 = ThreadCpuMs();
            using (TensorArena.Scope())
            {
                opt.ZeroGrad();
                var o = model.ForwardLastStep(x, cats, reals, dropRng);
                OpProfiler.Section("loss");
                var lossT = Ops.CrossEntropy(o.Logits, y);
                OpProfiler.Section("backward");
                lossT.Backward();
                var t1 = ThreadCpuMs();
                opt.Step();
                if (step >= 2)
                {
                    optMs += ThreadCpuMs() - t1;
                }
            }

            if (step >= 2)
            {
                total += ThreadCpuMs() - t0;
                Accumulate();
            }
        }

        // No-grad prediction (ForwardLastStep under NoGrad, as the Predictor runs it), per block, same thread clock.
        var inferFwd = new Dictionary<string, double>();
        double inferTotal = 0;
        for (var step = 0; step < steps + 1; step++)
        {
            OpProfiler.Reset();
            var t0 = ThreadCpuMs();
            using (TensorArena.Scope())
            using (NoGrad.Scope())
            {
                model.ForwardLastStep(x, cats, reals, null);
            }

            if (step >= 1)
            {
                inferTotal += ThreadCpuMs() - t0;
                foreach (var (key, v) in OpProfiler.Forward)
                {
                    inferFwd[key] = inferFwd.GetValueOrDefault(key) + v;
                }
            }
        }

        OpProfiler.Enabled = false;
        var ic = CultureInfo.InvariantCulture;
        foreach (var (key, v) in inferFwd.OrderByDescending(p => p.Value))
        {
            output.WriteLine(string.Create(ic, $"tft_profile_infer_{key}_ms={v / steps:F1}"));
        }

        output.WriteLine(string.Create(ic, $"tft_profile_infer_batch_cpu_ms={inferTotal / steps:F1}"));
        foreach (var (key, v) in _fwd.OrderByDescending(p => p.Value))
        {
            output.WriteLine(string.Create(ic, $"tft_profile_fwd_{key}_ms={v / steps:F1}"));
        }

        foreach (var (key, v) in _bwd.OrderByDescending(p => p.Value))
        {
            output.WriteLine(string.Create(ic, $"tft_profile_bwd_{key}_ms={v / steps:F1}"));
        }

        if (_wall)
        {
            foreach (var (key, v) in _fwd.OrderByDescending(p => p.Value))
            {
                output.WriteLine(string.Create(ic, $"tft_profile_fwd_{key}_one_thread_ms={(v - _par.GetValueOrDefault("fwd_" + key)) / steps:F1}"));
            }

            foreach (var (key, v) in _bwd.OrderByDescending(p => p.Value))
            {
                output.WriteLine(string.Create(ic, $"tft_profile_bwd_{key}_one_thread_ms={(v - _par.GetValueOrDefault("bwd_" + key)) / steps:F1}"));
            }
        }

        output.WriteLine(string.Create(ic, $"tft_profile_optimizer_ms={optMs / steps:F1}"));
        output.WriteLine(string.Create(ic, $"tft_profile_step_cpu_ms={total / steps:F1}"));
        output.WriteLine(string.Create(ic, $"tft_profile_shape={(real ? "real_B256_L30_K60_D32" : "bench_B256_L60_K16_D64")}"));
    }

    private readonly Dictionary<string, double> _fwd = [];
    private readonly Dictionary<string, double> _bwd = [];
    private readonly Dictionary<string, double> _par = [];

    private void Accumulate()
    {
        foreach (var (key, v) in OpProfiler.Forward)
        {
            _fwd[key] = _fwd.GetValueOrDefault(key) + v;
        }

        foreach (var (key, v) in OpProfiler.Backward)
        {
            _bwd[key] = _bwd.GetValueOrDefault(key) + v;
        }

        foreach (var (key, v) in OpProfiler.Parallel)
        {
            _par[key] = _par.GetValueOrDefault(key) + v;
        }
    }

    private static bool _wall;

    /// <summary>Thread CPU ms on one thread; wall ms (Stopwatch) when TFT_PROFILE_THREADS asks for more than one.</summary>
    private static double ThreadCpuMs() => _wall ? System.Diagnostics.Stopwatch.GetTimestamp() * 1000.0 / System.Diagnostics.Stopwatch.Frequency : ThreadClock.Ms();
}
