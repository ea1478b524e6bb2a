using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Neural;

/// <summary>
/// Multi-layer perceptron on the last day of the window (+ static embeddings): [Linear → GELU → Dropout] × Layers →
/// Linear → C logits. PyTorch nn.Linear initialisation from <see cref="MlpOptions.Seed"/>.
/// // x: (B, L, K) → x[:, L−1, :] (B, K) ⊕ statics (B, S·E+R) → (B, C)
/// </summary>
public sealed class MlpClassifier : IReplicable
{
    private readonly MlpOptions _options;
    private readonly StaticEncoder _statics;
    private readonly LinearLayer[] _hidden;
    private readonly LinearLayer _head;
    private readonly Parameter[] _parameters;

    /// <summary>Creates the model with parameters "mlp.*".</summary>
    /// <exception cref="ArgumentException">Non-positive sizes or dropout outside [0, 1).</exception>
    public MlpClassifier(MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Features < 1 || options.Hidden < 1 || options.Layers < 1 || options.Classes < 2 || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"MLP options out of range: {options}.", nameof(options));
        }

        _options = options;
        var rng = new Random(options.Seed);
        _statics = new StaticEncoder("mlp.static", options.Statics ?? StaticInputSpec.None, rng);
        var width = options.Features + _statics.Width;
        _hidden = new LinearLayer[options.Layers];
        for (var i = 0; i < options.Layers; i++)
        {
            _hidden[i] = new LinearLayer($"mlp.hidden{i}", i == 0 ? width : options.Hidden, options.Hidden, rng);
        }

        _head = new LinearLayer("mlp.head", options.Hidden, options.Classes, rng);
        _parameters = [.. _statics.Parameters, .. _hidden.SelectMany(h => h.Parameters), .. _head.Parameters];
    }

    /// <inheritdoc />
    public string Name => "mlp";

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(rng);
        int n = batch.Count, l = batch.Lookback, k = batch.FeatureCount;
        if (k != _options.Features)
        {
            throw new ArgumentException($"The batch has {k} features, the MLP was built for {_options.Features}.", nameof(batch));
        }

        var last = new float[n * k];
        for (var b = 0; b < n; b++)
        {
            Array.Copy(batch.X, ((b * l) + l - 1) * k, last, b * k, k);
        }

        var h = new Tensor(last, n, k);
        var statics = _statics.Forward(batch);
        if (statics is not null)
        {
            h = Ops.Concat([h, statics], 1);
        }

        foreach (var layer in _hidden)
        {
            h = Ops.Gelu(layer.Forward(h));
            if (training)
            {
                h = Ops.Dropout(h, _options.Dropout, rng);
            }
        }

        return _head.Forward(h);
    }
}
