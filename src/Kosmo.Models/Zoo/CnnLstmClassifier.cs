using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Zoo;

/// <summary>
/// CNN-LSTM: a 1-D convolution over time with the K features as channels, ReLU, optional max-pooling, an LSTM over
/// the convolved sequence, its last hidden state concatenated with the static embeddings, dropout and a linear head.
/// // x: (B, L, K) -> conv (B, Ch, L) -> pool (B, Ch, L/p) -> LSTM (B, L/p, H) -> last (B, H) ++ statics -> (B, C)
/// Initialisation follows PyTorch (Conv1d, LSTM, Linear uniform bounds; embeddings N(0, 1)).
/// </summary>
public sealed class CnnLstmClassifier : IReplicable
{
    private readonly CnnLstmOptions _options;
    private readonly Parameter _convWeight;
    private readonly Parameter _convBias;
    private readonly LstmLayer _lstm;
    private readonly Neural.StaticEncoder _statics;
    private readonly LinearLayer _head;

    /// <summary>Creates the model with weights drawn from <see cref="CnnLstmOptions.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A size is below 1, the kernel is even or the dropout is outside [0, 1).</exception>
    public CnnLstmClassifier(CnnLstmOptions options, string name = "cnn_lstm")
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Features < 1 || options.Classes < 2 || options.Channels < 1 || options.Kernel < 1 || options.Kernel % 2 == 0
            || options.Pool < 1 || options.Hidden < 1 || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Invalid CNN-LSTM options {options}: sizes must be >= 1, Classes >= 2, Kernel odd, Dropout in [0, 1).", nameof(options));
        }

        _options = options;
        Name = name;
        var rng = new Random(options.Seed);
        (_convWeight, _convBias) = ZooInputs.ConvParameters("conv", options.Features, options.Channels, options.Kernel, rng);
        _lstm = new LstmLayer("lstm", options.Channels, options.Hidden, rng);
        _statics = new Neural.StaticEncoder("static", options.Statics ?? StaticSpec.None, rng);
        _head = new LinearLayer("head", options.Hidden + _statics.Width, options.Classes, rng);
        Parameters = [_convWeight, _convBias, .. _lstm.Parameters, .. _statics.Parameters, .. _head.Parameters];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is empty, has another K or other statics, or L is shorter than the pool.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        var x = ZooInputs.Windows(batch, _options.Features);                                       // (B, L, K)
        var h = Ops.Conv1d(Ops.Transpose(x, 1, 2), _convWeight, _convBias, 1, (_options.Kernel - 1) / 2); // (B, Ch, L)
        h = Ops.Relu(h);
        if (_options.Pool > 1)
        {
            h = Ops.MaxPool1d(h, _options.Pool, _options.Pool);                                    // (B, Ch, L/p)
        }

        var hs = ZooInputs.RunLstm(_lstm, Ops.Transpose(h, 1, 2));                                 // (B, L', H)
        var z = ZooInputs.LastStep(hs);                                                            // (B, H)
        var s = _statics.Forward(batch);
        if (s is not null)
        {
            z = Ops.Concat([z, s], 1);
        }

        return _head.Forward(ZooInputs.MaybeDropout(z, _options.Dropout, training, rng));         // (B, C)
    }
}
