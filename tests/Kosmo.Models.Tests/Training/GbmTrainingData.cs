using Kosmo.Data.Synthetic;
using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Splits;
using Kosmo.Features.Weights;

namespace Kosmo.Models.Tests.Training;

/// <summary>
/// A small realistic training set built from the project's own pieces: the seeded synthetic market (16 stocks, 300 days),
/// features returns 1/5/20, vol 20/60 and RSI 14, fixed-horizon labels (h = 5), uniqueness-based sample weights, a date
/// split (train = samples whose label window ends before the cut, validation = samples from the cut on), z-scores fitted
/// on the training dates. A learnable signal is planted: on each labelled day, ret_1d is replaced by
/// 0.8·(label − 1) + N(0, 0.6²), so the last day of a window tells its class apart.
/// </summary>
internal sealed class GbmTrainingData
{
    public const int Lookback = 20;

    private static readonly Lazy<GbmTrainingData> Shared = new(() => new GbmTrainingData());

    private GbmTrainingData()
    {
        var panel = SyntheticPanel.Generate(16, 300, seed: 42);
        Cube = new FeaturePipeline(FeatureSet.Parse("returns:1:5:20", "vol:20:60", "rsi:14")).Compute(panel, maxThreads: 1);
        Labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 5)).Compute(panel);
        var weights = LabelWeights.Compute(Labels, panel).Combined;
        var samples = LabeledSamples.FromLabels(Labels);
        var cut = 220;
        var train = Enumerable.Range(0, samples.Count).Where(j => samples.End[j] < cut).ToArray();
        var validation = Enumerable.Range(0, samples.Count).Where(j => samples.Start[j] >= cut).ToArray();
        var zscore = new ZScoreProcessor();
        zscore.Fit(Cube, new DateWindow(Cube.Dates[0], Cube.Dates[cut - 1]));
        zscore.Transform(Cube);
        var rng = new Random(7);
        var k = Cube.IndexOf("ret_1d");
        for (var i = 0; i < Labels.CodeCount; i++)
        {
            for (var t = 0; t < Labels.DateCount; t++)
            {
                var y = Labels.Label[Labels.Index(i, t)];
                if (y >= 0)
                {
                    var noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                    Cube.Set(i, t, k, (float)((0.8 * (y - 1)) + (0.6 * noise)));
                }
            }
        }

        TrainSamples = samples.Select(train);
        ValidationSamples = samples.Select(validation);
        Weights = weights;
    }

    public static GbmTrainingData Instance => Shared.Value;

    public FeatureCube Cube { get; }

    public LabelSet Labels { get; }

    public float[] Weights { get; }

    public (int T, int Code)[] TrainSamples { get; }

    public (int T, int Code)[] ValidationSamples { get; }

    public int Features => Cube.FeatureCount;

    public WindowDataset Train(int batchSize = 128) =>
        new(Cube, Labels, TrainSamples, Weights, null, new DatasetOptions(Lookback, batchSize, Seed: 1));

    public WindowDataset Validation(LabelSet? labels = null) =>
        new(Cube, labels ?? Labels, ValidationSamples, Weights, null, new DatasetOptions(Lookback, 256, Shuffle: false));

    /// <summary>The labels with the validation cells' classes permuted (no signal left there).</summary>
    public LabelSet ScrambledValidationLabels()
    {
        var copy = new LabelSet(Labels.Method, Labels.Dates, Labels.Codes, Labels.ClassCount, Labels.MaxHorizon);
        Labels.Label.CopyTo(copy.Label, 0);
        var cells = ValidationSamples.Select(s => Labels.Index(s.Code, s.T)).ToArray();
        var values = cells.Select(c => Labels.Label[c]).ToArray();
        new Random(3).Shuffle(values);
        for (var j = 0; j < cells.Length; j++)
        {
            copy.Label[cells[j]] = values[j];
        }

        return copy;
    }
}
