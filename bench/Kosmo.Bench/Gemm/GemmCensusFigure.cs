using System.Globalization;
using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Neural;
using Kosmo.Models.Tft;
using Kosmo.Models.Training;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Gemm;

/// <summary>
/// The GEMM shape census: every SGEMM product (all public entry points, through <see cref="Sgemm.Observer"/>)
/// of real <see cref="Trainer"/> steps (batch fill, forward, weighted cross-entropy, backward, clipping, AdamW; 2 tensor
/// threads, data-parallel replicas as the real run) and of one prediction pass over the same windows (as NeuralRunner
/// predicts: TFT-Lite whole batches, the others as replicas), for each neural model at the real run's shapes
/// (configs/krx-research.yaml: K = 56 features, hidden 32, heads 4, batch 256, statics market (5) and dept (9);
/// TFT-Lite at lookback 60 and 30, the LSTM, Transformer and MLP baselines at 60) and the benchmark TFT-Lite
/// (B = 256, L = 60, K = 16, D = 64, H = 4). Per model (training): calls and GFLOP per step, the largest m, n, k, the
/// largest smallest and second smallest dimension, the FLOP share of products whose two smallest dimensions are both
/// ≥ 1024, and the top shapes by FLOP share (<c>gemm_census_MODEL_shapeI=TA,TB,m,n,k</c> with its share and GFLOP per
/// step: the input of bench/figures/31-gemm-shapes.sh). GEMM_CENSUS_PRECISION=bf16 runs the products in bf16.
/// </summary>
public sealed class GemmCensusFigure : IFigure
{
    private const int Batch = 256;
    private const int Top = 5;

    /// <inheritdoc />
    public string Name => "gemm-census";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = 2;
        var steps = quick ? 2 : 4;
        var precision = Environment.GetEnvironmentVariable("GEMM_CENSUS_PRECISION") == "bf16" ? Precision.Bf16 : Precision.Fp32;
        output.WriteLine($"gemm_census_precision={precision.ToString().ToLowerInvariant()}");
        int[] realCards = [5, 9];
        var realStatics = new StaticInputSpec(realCards);
        var models = new (string Name, int Lookback, int Features, int[] Cards, int StaticReals, Func<ISequenceClassifier> Make)[]
        {
            ("tft_lite_l60", 60, 56, realCards, 0, () => new TftLite(new TftLiteOptions(56, realCards, 0, 32, 4, 3, 0.1f, Seed: 1))),
            ("tft_lite_l30", 30, 56, realCards, 0, () => new TftLite(new TftLiteOptions(56, realCards, 0, 32, 4, 3, 0.1f, Seed: 1))),
            ("lstm", 60, 56, realCards, 0, () => new LstmClassifier(new LstmClassifierOptions(56, Hidden: 32, Dropout: 0.1f, Seed: 1, Statics: realStatics))),
            ("transformer", 60, 56, realCards, 0, () => new TransformerClassifier(new TransformerOptions(56, ModelDim: 32, Heads: 4, Layers: 2, FeedForwardDim: 64, Dropout: 0.1f, Seed: 1, Statics: realStatics))),
            ("mlp", 60, 56, realCards, 0, () => new MlpClassifier(new MlpOptions(56, Hidden: 32, Layers: 2, Dropout: 0.1f, Seed: 1, Statics: realStatics))),
            ("tft_bench", 60, 16, [3, 10], 2, () => new TftLite(new TftLiteOptions(16, [3, 10], 2, 64, 4, 3, 0.1f, Seed: 0))),
        };

        var all = new List<(GemmShape Shape, long Calls)>();
        foreach (var (name, lookback, features, cards, staticReals, make) in models)
        {
            var data = Training.RandomWindows.Dataset("census", steps, Batch, lookback, features, cards, staticReals);
            var model = make();
            var train = new GemmCensus();
            using (train.Attach())
            {
                new Trainer(new TrainerOptions { Epochs = 1, WarmupSteps = 0, Seed = 1, DataParallel = true, Precision = precision }).Fit(model, data, null);
            }

            var predict = new GemmCensus();
            using (predict.Attach())
            using (MixedPrecision.Scope(precision))
            {
                var predictor = new BatchPredictor(model, dataParallel: model is not TftLite);
                var buffer = data.CreateBatch();
                var probs = new float[buffer.BatchSize * model.Classes];
                foreach (var batch in data.Batches(0, buffer))
                {
                    predictor.Run(batch, batch.Count, probs, 0);
                }
            }

            var shapes = train.Shapes.Select(kv => (kv.Key, kv.Value.Calls, kv.Value.Entries)).ToList();
            Report(output, name, steps, shapes);
            Report(output, name + "_predict", steps, predict.Shapes.Select(kv => (kv.Key, kv.Value.Calls, kv.Value.Entries)).ToList(), top: 0);
            all.AddRange(shapes.Select(s => (s.Key, s.Calls)));
            all.AddRange(predict.Shapes.Select(kv => (kv.Key, kv.Value.Calls)));
        }

        var ic = CultureInfo.InvariantCulture;
        var total = all.Sum(s => s.Shape.Flops * s.Calls);
        output.WriteLine(string.Create(ic, $"gemm_census_max_min_dim={all.Max(s => s.Shape.MinDim)}"));
        output.WriteLine(string.Create(ic, $"gemm_census_max_mid_dim={all.Max(s => s.Shape.MidDim)}"));
        output.WriteLine(string.Create(ic, $"gemm_census_share_ge_1024={all.Where(s => s.Shape.MidDim >= 1024).Sum(s => s.Shape.Flops * s.Calls) / total:F4}"));
    }

    // One model's census: per-step counts, the extremes, the share of large products and the top shapes by FLOPs.
    private static void Report(TextWriter output, string name, int steps, List<(GemmShape Shape, long Calls, SgemmEntry[] Entries)> shapes, int top = Top)
    {
        var ic = CultureInfo.InvariantCulture;
        var p = $"gemm_census_{name}";
        var total = shapes.Sum(s => s.Shape.Flops * s.Calls);
        output.WriteLine(string.Create(ic, $"{p}_calls_per_step={shapes.Sum(s => s.Calls) / (double)steps:F0}"));
        output.WriteLine(string.Create(ic, $"{p}_distinct_shapes={shapes.Count}"));
        output.WriteLine(string.Create(ic, $"{p}_gflop_per_step={total / steps / 1e9:F3}"));
        output.WriteLine(string.Create(ic, $"{p}_max_m={shapes.Max(s => s.Shape.M)}"));
        output.WriteLine(string.Create(ic, $"{p}_max_n={shapes.Max(s => s.Shape.N)}"));
        output.WriteLine(string.Create(ic, $"{p}_max_k={shapes.Max(s => s.Shape.K)}"));
        output.WriteLine(string.Create(ic, $"{p}_max_min_dim={shapes.Max(s => s.Shape.MinDim)}"));
        output.WriteLine(string.Create(ic, $"{p}_max_mid_dim={shapes.Max(s => s.Shape.MidDim)}"));
        output.WriteLine(string.Create(ic, $"{p}_share_ge_1024={shapes.Where(s => s.Shape.MidDim >= 1024).Sum(s => s.Shape.Flops * s.Calls) / total:F4}"));
        if (top == 0)
        {
            return;
        }

        var ranked = shapes.OrderByDescending(s => s.Shape.Flops * s.Calls).ThenBy(s => s.Shape.ToString(), StringComparer.Ordinal).Take(top).ToList();
        output.WriteLine(string.Create(ic, $"{p}_top{top}_share={ranked.Sum(s => s.Shape.Flops * s.Calls) / total:F3}"));
        for (var i = 0; i < ranked.Count; i++)
        {
            var (shape, calls, entries) = ranked[i];
            output.WriteLine($"{p}_shape{i + 1}={shape}");
            output.WriteLine(string.Create(ic, $"{p}_shape{i + 1}_share={shape.Flops * calls / total:F3}"));
            output.WriteLine(string.Create(ic, $"{p}_shape{i + 1}_gflop_per_step={shape.Flops * calls / steps / 1e9:F4}"));
            output.WriteLine(string.Create(ic, $"{p}_shape{i + 1}_calls_per_step={calls / (double)steps:F1}"));
            output.WriteLine($"{p}_shape{i + 1}_entries={string.Join('+', entries.Order())}");
        }
    }
}
