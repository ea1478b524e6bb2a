using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Tests.Meta;

/// <summary>A small last-day MLP (K -> H -> tanh -> C) used to test meta-learning quickly.</summary>
internal sealed class TinyMlp : ISequenceClassifier
{
    private readonly int _features;
    private readonly LinearLayer _hidden;
    private readonly LinearLayer _out;

    public TinyMlp(int features, int hidden, int classes, int seed)
    {
        var rng = new Random(seed);
        _features = features;
        Classes = classes;
        _hidden = new LinearLayer("hidden", features, hidden, rng);
        _out = new LinearLayer("out", hidden, classes, rng);
        Parameters = [.. _hidden.Parameters, .. _out.Parameters];
    }

    public string Name => "tiny_mlp";

    public int Classes { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        int n = batch.Count, l = batch.Lookback;
        var x = new float[n * _features];
        for (var b = 0; b < n; b++)
        {
            Array.Copy(batch.X, ((b * l) + l - 1) * _features, x, b * _features, _features);
        }

        return _out.Forward(Ops.Tanh(_hidden.Forward(new Tensor(x, n, _features))));
    }
}
