using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Zoo;

/// <summary>
/// Wavelet-component model: one small LSTM encoder per group of feature columns (e.g. the d1..d4 detail and s4
/// smooth components of a wavelet decomposition), each reading only its columns; the last hidden states are
/// combined by learned softmax weights (one logit per group, initialised equal) or by concatenation, then
/// statics are appended, dropout and a linear head.
/// // x: (B, L, K) -> group g: (B, L, |g|) -> LSTM -> h_g (B, H) -> Σ softmax(w)_g h_g (B, H) or concat (B, G·H) -> (B, C)
/// </summary>
public sealed class WaveletGroupClassifier : IReplicable
{
    private readonly WaveletGroupOptions _options;
    private readonly LstmLayer[] _encoders;
    private readonly Parameter? _groupLogits;
    private readonly Neural.StaticEncoder _statics;
    private readonly LinearLayer _head;

    /// <summary>Creates the model with weights drawn from <see cref="WaveletGroupOptions.Seed"/>.</summary>
    /// <exception cref="ArgumentException">No groups, an empty group, an index outside [0, K), a size below 1 or the dropout outside [0, 1).</exception>
    public WaveletGroupClassifier(WaveletGroupOptions options, string name = "wavelet_groups")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Groups);
        if (options.Features < 1 || options.Classes < 2 || options.Hidden < 1 || options.Groups.Length == 0
            || options.Groups.Any(g => g is null || g.Length == 0 || g.Any(c => c < 0 || c >= options.Features)) || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Invalid wavelet-group options (K {options.Features}, {options.Groups.Length} groups): every group needs >= 1 column in [0, K).", nameof(options));
        }

        _options = options;
        Name = name;
        var rng = new Random(options.Seed);
        _encoders = options.Groups.Select((g, i) => new LstmLayer($"group{i}.lstm", g.Length, options.Hidden, rng)).ToArray();
        _groupLogits = options.Combine == WaveletCombine.SoftmaxWeights ? Parameter.CreateZeros("group_logits", options.Groups.Length) : null;
        _statics = new Neural.StaticEncoder("static", options.Statics ?? StaticSpec.None, rng);
        var width = options.Combine == WaveletCombine.SoftmaxWeights ? options.Hidden : options.Hidden * options.Groups.Length;
        _head = new LinearLayer("head", width + _statics.Width, options.Classes, rng);
        var all = _encoders.SelectMany(e => e.Parameters).ToList();
        if (_groupLogits is not null)
        {
            all.Add(_groupLogits);
        }

        Parameters = [.. all, .. _statics.Parameters, .. _head.Parameters];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The current softmax group weights (G), or null with <see cref="WaveletCombine.Concat"/>.</summary>
    public float[]? GroupWeights
    {
        get
        {
            if (_groupLogits is null)
            {
                return null;
            }

            using var scope = NoGrad.Scope();
            return Ops.Softmax(_groupLogits).ToArray();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is empty or has another K or other statics.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var n = batch.Count;
        var encoded = new Tensor[_encoders.Length];
        for (var g = 0; g < _encoders.Length; g++)
        {
            var xg = ZooInputs.Columns(batch, _options.Features, _options.Groups[g]);   // (B, L, |g|)
            encoded[g] = ZooInputs.LastStep(ZooInputs.RunLstm(_encoders[g], xg));       // (B, H)
        }

        Tensor z;
        if (_groupLogits is not null)
        {
            var w = Ops.Softmax(_groupLogits);                                          // (G)
            var wb = Ops.Mul(Tensor.Full(1f, n, _encoders.Length), w);                   // (B, G) broadcast
            z = Ops.WeightedSum(encoded, wb);                                           // (B, H)
        }
        else
        {
            z = Ops.Concat(encoded, 1);                                                 // (B, G·H)
        }

        var s = _statics.Forward(batch);
        if (s is not null)
        {
            z = Ops.Concat([z, s], 1);
        }

        return _head.Forward(ZooInputs.MaybeDropout(z, _options.Dropout, training, rng));
    }
}
