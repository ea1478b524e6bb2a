using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Zoo;

/// <summary>
/// A variational auto-encoder whose latent code is a feature of a classifier.
/// Encoder: flatten (B, L·K) -> Linear -> ReLU -> Linear to μ (B, Z) and log σ² (B, Z). Reparameterisation
/// z = μ + exp(½ log σ²)·ε with ε ~ N(0, 1) drawn from the forward's rng. Decoder: z -> Linear -> ReLU -> Linear
/// -> (B, L·K), compared with the window by MSE. Classifier: [z in training (μ if SampleInTraining is off),
/// last-day features (B, K), statics] -> Linear -> ReLU -> dropout -> Linear -> logits (B, C). At inference the
/// classifier reads μ, so predictions are deterministic.
/// After a training forward, <see cref="AuxiliaryLoss"/> = γ·(MSE(recon, x) + β·KL(q(z|x) ‖ N(0, I))), KL summed
/// over Z and averaged over B (<see cref="Ops.GaussianKl"/>); the trainer adds it to the cross-entropy.
/// </summary>
public sealed class VaeClassifier : ISequenceClassifier, IAuxiliaryLoss
{
    private readonly VaeOptions _options;
    private readonly LinearLayer _enc;
    private readonly LinearLayer _mu;
    private readonly LinearLayer _logVar;
    private readonly LinearLayer _dec;
    private readonly LinearLayer _decOut;
    private readonly Neural.StaticEncoder _statics;
    private readonly LinearLayer _cls;
    private readonly LinearLayer _head;

    /// <summary>Creates the model with weights drawn from <see cref="VaeOptions.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A size is below 1, a weight is negative or the dropout is outside [0, 1).</exception>
    public VaeClassifier(VaeOptions options, string name = "vae")
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Lookback < 1 || options.Features < 1 || options.Classes < 2 || options.Latent < 1 || options.Hidden < 1
            || options.Beta < 0 || options.AuxWeight < 0 || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Invalid VAE options {options}.", nameof(options));
        }

        _options = options;
        Name = name;
        var rng = new Random(options.Seed);
        var lk = options.Lookback * options.Features;
        _enc = new LinearLayer("encoder.hidden", lk, options.Hidden, rng);
        _mu = new LinearLayer("encoder.mu", options.Hidden, options.Latent, rng);
        _logVar = new LinearLayer("encoder.logvar", options.Hidden, options.Latent, rng);
        _dec = new LinearLayer("decoder.hidden", options.Latent, options.Hidden, rng);
        _decOut = new LinearLayer("decoder.out", options.Hidden, lk, rng);
        _statics = new Neural.StaticEncoder("static", options.Statics ?? StaticSpec.None, rng);
        _cls = new LinearLayer("classifier.hidden", options.Latent + options.Features + _statics.Width, options.Hidden, rng);
        _head = new LinearLayer("classifier.out", options.Hidden, options.Classes, rng);
        Parameters = [.. _enc.Parameters, .. _mu.Parameters, .. _logVar.Parameters, .. _dec.Parameters, .. _decOut.Parameters,
            .. _statics.Parameters, .. _cls.Parameters, .. _head.Parameters];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>γ·(reconstruction MSE + β·KL) of the last training forward; null after an inference forward.</summary>
    public Tensor? AuxiliaryLoss { get; private set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is empty, its L or K differ from the options, or its statics differ.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(rng);
        if (batch.Lookback != _options.Lookback)
        {
            throw new ArgumentException($"The batch has L = {batch.Lookback}, the VAE was built for {_options.Lookback}.", nameof(batch));
        }

        var x = ZooInputs.Windows(batch, _options.Features);
        var n = x.Dim(0);
        var flat = Ops.Reshape(x, n, -1);                                             // (B, L·K)
        var e = Ops.Relu(_enc.Forward(flat));                                          // (B, H)
        var mu = _mu.Forward(e);                                                       // (B, Z)
        var logVar = _logVar.Forward(e);                                               // (B, Z)
        var code = mu;
        if (training)
        {
            var eps = Tensor.Randn(rng, 1f, n, _options.Latent);
            var z = Ops.Add(mu, Ops.Mul(Ops.Exp(Ops.Scale(logVar, 0.5f)), eps));      // (B, Z)
            var recon = _decOut.Forward(Ops.Relu(_dec.Forward(z)));                    // (B, L·K)
            var aux = Ops.Add(Ops.Mse(recon, flat), Ops.Scale(Ops.GaussianKl(mu, logVar), _options.Beta));
            AuxiliaryLoss = Ops.Scale(aux, _options.AuxWeight);
            code = _options.SampleInTraining ? z : mu;
        }
        else
        {
            AuxiliaryLoss = null;
        }

        var parts = new List<Tensor> { code, ZooInputs.LastDay(batch, _options.Features) };
        var s = _statics.Forward(batch);
        if (s is not null)
        {
            parts.Add(s);
        }

        var hidden = Ops.Relu(_cls.Forward(Ops.Concat(parts, 1)));                    // (B, H)
        return _head.Forward(ZooInputs.MaybeDropout(hidden, _options.Dropout, training, rng));
    }

    /// <summary>The latent means μ of a batch (no gradient recorded): the latent code as a feature. // -> (B, Z)</summary>
    public Tensor Encode(WindowBatch batch)
    {
        using var scope = NoGrad.Scope();
        var x = ZooInputs.Windows(batch, _options.Features);
        return _mu.Forward(Ops.Relu(_enc.Forward(Ops.Reshape(x, x.Dim(0), -1))));
    }

    /// <summary>The deterministic reconstruction from μ of a batch (no gradient recorded). // -> (B, L, K)</summary>
    public Tensor Reconstruct(WindowBatch batch)
    {
        using var scope = NoGrad.Scope();
        var x = ZooInputs.Windows(batch, _options.Features);
        var mu = _mu.Forward(Ops.Relu(_enc.Forward(Ops.Reshape(x, x.Dim(0), -1))));
        return Ops.Reshape(_decOut.Forward(Ops.Relu(_dec.Forward(mu))), x.Dim(0), _options.Lookback, _options.Features);
    }
}
