using System.Globalization;
using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Neural;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Bench.Training;

/// <summary>
/// Training throughput of the neural baselines through the real <see cref="Trainer"/> loop (batch fill, forward,
/// weighted cross-entropy, backward, clipping, AdamW) at B = 256, L = 60, K = 16, width 64, on 2 tensor threads:
/// <c>{mlp,lstm,transformer}_train_samples_per_s</c> (median of the epochs' samples/s; quick: fewer steps) and
/// <c>{...}_predict_samples_per_s</c> (<see cref="Predictor.Predict"/> over the same windows). KOSMO_DATA_PARALLEL=0
/// trains and predicts whole batches with parallel kernels instead of data-parallel replicas.
/// </summary>
public sealed class NeuralTrainFigure : IFigure
{
    private const int Batch = 256;
    private const int Lookback = 60;
    private const int Features = 16;

    /// <inheritdoc />
    public string Name => "neural-train";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = 2;
        var steps = quick ? 3 : 8;
        var repeats = quick ? 1 : 3;
        var data = RandomWindows.Dataset("bench", steps, Batch, Lookback, Features, [], 0);
        var dataParallel = Environment.GetEnvironmentVariable("KOSMO_DATA_PARALLEL") != "0";
        Func<ISequenceClassifier>[] models =
        [
            () => new MlpClassifier(new MlpOptions(Features, Hidden: 64, Layers: 2, Seed: 1)),
            () => new LstmClassifier(new LstmClassifierOptions(Features, Hidden: 64, Seed: 1)),
            () => new TransformerClassifier(new TransformerOptions(Features, ModelDim: 64, Heads: 4, Layers: 2, FeedForwardDim: 128, Seed: 1)),
        ];
        foreach (var make in models)
        {
            var speeds = new List<double>();
            string name = "";
            for (var r = 0; r < repeats + 1; r++)
            {
                var model = make();
                name = model.Name;
                var result = new Trainer(new TrainerOptions { Epochs = 1, WarmupSteps = 0, Seed = r, DataParallel = dataParallel }).Fit(model, data, null);
                if (r > 0 || repeats == 1)
                {
                    speeds.Add(result.History[0].SamplesPerSecond);
                }
            }

            speeds.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_train_samples_per_s={speeds[speeds.Count / 2]:F0}"));

            // Prediction over the same windows as the Predictor runs it (median of three passes after one warm-up).
            var predictModel = make();
            var passes = new List<double>();
            for (var r = 0; r < (quick ? 2 : 4); r++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Predictor.Predict(predictModel, data, dataParallel);
                if (r > 0)
                {
                    passes.Add(data.Count / clock.Elapsed.TotalSeconds);
                }
            }

            passes.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_predict_samples_per_s={passes[passes.Count / 2]:F0}"));
        }
    }
}
