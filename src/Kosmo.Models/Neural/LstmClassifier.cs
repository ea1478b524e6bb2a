using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Neural;

/// <summary>
/// LSTM classifier in the spirit of Deep Momentum Networks (Lim, Zohren and Roberts 2019): one LSTM over the window
/// from a zero state, the last hidden state → dropout → concatenated with the static embeddings → dense → C logits
/// (softmax in the loss). PyTorch nn.LSTM / nn.Linear initialisation from <see cref="LstmClassifierOptions.Seed"/>.
/// // x: (B, L, K) → h: (B, L, H) → h[:, L−1] (B, H) ⊕ statics → (B, C)
/// </summary>
public sealed class LstmClassifier : IReplicable
{
    private readonly LstmClassifierOptions _options;
    private readonly StaticEncoder _statics;
    private readonly LstmLayer _lstm;
    private readonly LinearLayer _head;
    private readonly Parameter[] _parameters;
    private Tensor? _zeros;

    /// <summary>Creates the model with parameters "lstm.*".</summary>
    /// <exception cref="ArgumentException">Non-positive sizes or dropout outside [0, 1).</exception>
    public LstmClassifier(LstmClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Features < 1 || options.Hidden < 1 || options.Classes < 2 || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"LSTM options out of range: {options}.", nameof(options));
        }

        _options = options;
        var rng = new Random(options.Seed);
        _statics = new StaticEncoder("lstm.static", options.Statics ?? StaticInputSpec.None, rng);
        _lstm = new LstmLayer("lstm.cell", options.Features, options.Hidden, rng);
        _head = new LinearLayer("lstm.head", options.Hidden + _statics.Width, options.Classes, rng);
        _parameters = [.. _statics.Parameters, .. _lstm.Parameters, .. _head.Parameters];
    }

    /// <inheritdoc />
    public string Name => "lstm";

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(rng);
        int n = batch.Count, l = batch.Lookback, k = batch.FeatureCount, hidden = _options.Hidden;
        if (k != _options.Features)
        {
            throw new ArgumentException($"The batch has {k} features, the LSTM was built for {_options.Features}.", nameof(batch));
        }

        var zeros = _zeros;
        if (zeros is null || zeros.Dim(0) != n)
        {
            // Read once into a local: data-parallel replicas of different sizes may replace the cached one meanwhile.
            _zeros = zeros = Tensor.Zeros(n, hidden);
        }

        var x = new Tensor(batch.X, n, l, k);
        var states = _lstm.Forward(x, zeros, zeros);                        // (B, L, H)
        var h = Ops.Reshape(Ops.Slice(states, 1, l - 1, 1), n, hidden);        // (B, H)
        if (training)
        {
            h = Ops.Dropout(h, _options.Dropout, rng);
        }

        var statics = _statics.Forward(batch);
        if (statics is not null)
        {
            h = Ops.Concat([h, statics], 1);
        }

        return _head.Forward(h);
    }
}
