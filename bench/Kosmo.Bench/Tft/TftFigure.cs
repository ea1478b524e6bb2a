using System.Diagnostics;
using System.Globalization;
using Kosmo.Features.Dataset;
using Kosmo.Models.Tft;
using Kosmo.Models.Training;
using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Bench.Tft;

/// <summary>
/// TFT-Lite training and inference speed at the reference benchmark size: B=256, L=60, K=16, static cats [3, 10],
/// 2 static reals, D=64, H=4, 3 classes, dropout 0.1, 2 threads (KOSMO_THREADS overrides). A training step = the
/// trainer's <see cref="TrainingStep"/> (ForwardLastStep, weighted cross-entropy, backward; at two threads two
/// data-parallel replicas of 128 rows, TFT_DATA_PARALLEL=0 for one batch with parallel kernels) + AdamW inside one
/// TensorArena scope; median over steps after 3 warm-up steps. Prints tft_train_samples_per_s,
/// tft_train_step_ms, tft_train_cpu_ms_per_step, tft_infer_samples_per_s (no-grad ForwardLastStep, as the Predictor runs it),
/// tft_infer_real_samples_per_s (the real run's shape D=32, L=30, K=60, B=256), tft_train_peak_mb
/// (peak working set of the process), tft_train_alloc_mb_per_step (managed bytes allocated per step), load_avg_1m.
/// TFT_PRECISION=bf16 runs the products on the bf16 kernels (prints tft_precision). TFT_STEPS=N measures N steps; TFT_STEP_LIST=1 also prints every step's ms and the parallel-region counters
/// (regions per step, the caller's time in its own chunks, its wait for the worker).
/// </summary>
public sealed class TftFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "tft";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = int.TryParse(Environment.GetEnvironmentVariable("KOSMO_THREADS"), out var threads) ? threads : 2;
        // TFT_TRAIN_SHAPE=L,K,D trains at another shape (e.g. the real run's 30,60,32); the contract shape is 60,16,64.
        var shape = (Environment.GetEnvironmentVariable("TFT_TRAIN_SHAPE") ?? "60,16,64").Split(',').Select(int.Parse).ToArray();
        int b = 256, l = shape[0], k = shape[1], dModel = shape[2];
        var steps = int.TryParse(Environment.GetEnvironmentVariable("TFT_STEPS"), out var st) && st > 0 ? st : quick ? 3 : 10;
        // TFT_PRECISION=bf16 runs every product on the bf16 kernels (MixedPrecision); the default is fp32.
        var precision = Environment.GetEnvironmentVariable("TFT_PRECISION") == "bf16" ? Precision.Bf16 : Precision.Fp32;
        using var precisionScope = MixedPrecision.Scope(precision);
        output.WriteLine($"tft_precision={precision.ToString().ToLowerInvariant()}");
        var (model, x, cats, reals, y, rng) = TftBenchBatch.Create(b, l, k, dModel);
        var opt = new AdamW(model.Parameters, 1e-3f);
        var dropRng = new Random(2);
        var batch = new WindowBatch(b, l, k, false, 2, 2);
        x.Span.CopyTo(batch.X);
        cats.CopyTo(batch.Categorical, 0);
        reals.Span.CopyTo(batch.Reals);
        y.CopyTo(batch.Labels, 0);
        Array.Fill(batch.Weights, 1f);
        batch.SetCount(b);
        var trainStep = TrainingStep.For(model, null, Environment.GetEnvironmentVariable("TFT_DATA_PARALLEL") != "0",
            int.TryParse(Environment.GetEnvironmentVariable("TFT_REPLICAS"), out var rep) ? rep : null);
        var proc = Process.GetCurrentProcess();
        var times = new List<double>();
        var cpu = new List<double>();
        var alloc = new List<double>();
        var fwdBwd = new List<double>();
        var replicaMs = new List<string>();
        float loss = 0;
        using var trace = Environment.GetEnvironmentVariable("TFT_ALLOC_TRACE") == "1" ? new AllocTrace() : null;
        for (var step = 0; step < steps + 3; step++)
        {
            if (step == 3)
            {
                TensorThreads.Stats.Reset();
                if (trace is not null)
                {
                    trace.On = true;
                }
            }

            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var a0 = GC.GetTotalAllocatedBytes(false);
            var sw = Stopwatch.StartNew();
            using (TensorArena.Scope())
            {
                opt.ZeroGrad();
                loss = trainStep.Run(batch, b, batch.Labels, batch.Weights, dropRng);
                var tb = sw.Elapsed.TotalMilliseconds;
                if (step >= 3)
                {
                    fwdBwd.Add(tb);
                    if (trainStep.LastReplicaMilliseconds.Count > 0)
                    {
                        replicaMs.Add(string.Join('/', trainStep.LastReplicaMilliseconds.Select(v => v.ToString("F0", CultureInfo.InvariantCulture))));
                    }
                }

                opt.Step();
            }

            sw.Stop();
            proc.Refresh();
            if (step >= 3)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
                alloc.Add((GC.GetTotalAllocatedBytes(false) - a0) / (1024.0 * 1024.0));
            }
        }

        if (Environment.GetEnvironmentVariable("TFT_STEP_LIST") == "1")
        {
            var f = System.Diagnostics.Stopwatch.Frequency / 1000.0;
            output.WriteLine($"regions_per_step={TensorThreads.Stats.Regions / (double)steps:F0} caller_ms={TensorThreads.Stats.CallerTicks / f / steps:F1} join_ms={TensorThreads.Stats.JoinTicks / f / steps:F1}");
        }

        if (trace is not null)
        {
            trace.On = false;
            foreach (var (type, bytes) in trace.Bytes.OrderByDescending(kv => kv.Value).Take(12))
            {
                output.WriteLine($"tft_alloc_sampled_kb_per_step {type}={bytes / 1024.0 / steps:F0}");
            }
        }

        var inferCpu = new List<double>();
        var infer = InferMs(model, x, cats, reals, steps, inferCpu);

        // The real run's shape (configs/krx-default.yaml): D=32, L=30, K=60, B=256.
        var realModel = new TftLite(new TftLiteOptions(60, [3, 10], 2, 32, 4, 3, 0.1f, Seed: 0));
        var realX = Tensor.Randn(rng, 1f, b, 30, 60);
        var inferRealCpu = new List<double>();
        var inferReal = InferMs(realModel, realX, cats, reals, steps, inferRealCpu);

        proc.Refresh();
        var step_ms = Median(times);
        var ic = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(ic, $"tft_train_step_ms={step_ms:F1}"));
        if (Environment.GetEnvironmentVariable("TFT_STEP_LIST") == "1")
        {
            output.WriteLine("tft_train_step_list=" + string.Join(' ', times.Select(t => t.ToString("F0", ic))));
            output.WriteLine("tft_train_replica_ms_list=" + string.Join(' ', replicaMs));
        }

        output.WriteLine(string.Create(ic, $"tft_train_forward_backward_ms={Median(fwdBwd):F1}"));
        output.WriteLine($"tft_train_replicas={trainStep.ReplicaCount}");
        output.WriteLine(string.Create(ic, $"tft_train_samples_per_s={b / (step_ms / 1000):F1}"));
        output.WriteLine(string.Create(ic, $"tft_train_cpu_ms_per_step={Median(cpu):F1}"));
        output.WriteLine(string.Create(ic, $"tft_train_alloc_mb_per_step={Median(alloc):F1}"));
        output.WriteLine(string.Create(ic, $"tft_infer_samples_per_s={b / (Median(infer) / 1000):F1}"));
        output.WriteLine(string.Create(ic, $"tft_infer_cpu_ms_per_batch={Median(inferCpu):F1}"));
        output.WriteLine(string.Create(ic, $"tft_infer_real_samples_per_s={b / (Median(inferReal) / 1000):F1}"));
        output.WriteLine(string.Create(ic, $"tft_infer_real_cpu_ms_per_batch={Median(inferRealCpu):F1}"));
        output.WriteLine(string.Create(ic, $"tft_train_peak_mb={proc.PeakWorkingSet64 / (1024.0 * 1024.0):F0}"));
        output.WriteLine(string.Create(ic, $"tft_train_final_loss={loss:F4}"));
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "NA";
        output.WriteLine($"load_avg_1m={load}");
    }

    // No-grad prediction as the Predictor runs it (ForwardLastStep in NoGrad + arena scopes); ms per batch after 2 warm-ups.
    // cpu collects process CPU ms per batch (both threads).
    private static List<double> InferMs(TftLite model, Tensor x, int[] cats, Tensor reals, int steps, List<double> cpu)
    {
        var infer = new List<double>();
        var proc = Process.GetCurrentProcess();
        for (var step = 0; step < steps + 2; step++)
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using (TensorArena.Scope())
            using (NoGrad.Scope())
            {
                model.ForwardLastStep(x, cats, reals, null);
            }

            sw.Stop();
            proc.Refresh();
            if (step >= 2)
            {
                infer.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
            }
        }

        return infer;
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
