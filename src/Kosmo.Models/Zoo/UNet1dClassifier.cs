using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Zoo;

/// <summary>
/// A 1-D U-Net over the window's time axis. Encoder level d: two "same" convs + ReLU with c·2^d channels, then
/// max-pool by 2; a bottleneck block; decoder level d: transposed conv (kernel 2, stride 2) back to the level's
/// length, concatenated with the encoder's skip, two convs + ReLU. The decoder output is pooled over time
/// (mean over the real days and the last day's channels, concatenated) ++ statics -> dropout -> linear head.
/// Odd lengths: the window is padded with zeros at its <b>front</b> (oldest days) to a multiple of 2^Depth, so every
/// pooling is exact, skips align without cropping and the most recent day is never dropped; the padded steps are
/// cut off again before the time pooling.
/// // x: (B, L, K) -> (B, K, L') -> ... -> (B, c, L') -> [mean, last] (B, 2c) ++ statics -> (B, C)
/// </summary>
public sealed class UNet1dClassifier : IReplicable
{
    private readonly UNet1dOptions _options;
    private readonly List<(Parameter W, Parameter B)[]> _down = [];
    private readonly (Parameter W, Parameter B)[] _bottleneck;
    private readonly List<(Parameter W, Parameter B)> _up = [];
    private readonly List<(Parameter W, Parameter B)[]> _decode = [];
    private readonly Neural.StaticEncoder _statics;
    private readonly LinearLayer _head;

    /// <summary>Creates the model with weights drawn from <see cref="UNet1dOptions.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A size is below 1 (Depth below 0), the kernel is even or the dropout is outside [0, 1).</exception>
    public UNet1dClassifier(UNet1dOptions options, string name = "unet1d")
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Features < 1 || options.Classes < 2 || options.BaseChannels < 1 || options.Depth is < 0 or > 6
            || options.Kernel < 1 || options.Kernel % 2 == 0 || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Invalid U-Net options {options}: sizes >= 1, Depth in 0..6, Kernel odd, Dropout in [0, 1).", nameof(options));
        }

        _options = options;
        Name = name;
        var rng = new Random(options.Seed);
        int k = options.Kernel, c = options.BaseChannels, cin = options.Features;
        for (var d = 0; d < options.Depth; d++)
        {
            var ch = c << d;
            _down.Add(Block($"down{d}", cin, ch, k, rng));
            cin = ch;
        }

        _bottleneck = Block("bottleneck", cin, c << options.Depth, k, rng);
        cin = c << options.Depth;
        for (var d = options.Depth - 1; d >= 0; d--)
        {
            var ch = c << d;
            _up.Add(ZooInputs.ConvTransposeParameters($"up{d}", cin, ch, 2, rng));
            _decode.Add(Block($"decode{d}", 2 * ch, ch, k, rng));
            cin = ch;
        }

        _statics = new Neural.StaticEncoder("static", options.Statics ?? StaticSpec.None, rng);
        _head = new LinearLayer("head", (2 * cin) + _statics.Width, options.Classes, rng);
        var all = new List<Parameter>();
        foreach (var block in _down.Append(_bottleneck))
        {
            all.AddRange(block.SelectMany(p => new[] { p.W, p.B }));
        }

        for (var i = 0; i < _up.Count; i++)
        {
            all.Add(_up[i].W);
            all.Add(_up[i].B);
            all.AddRange(_decode[i].SelectMany(p => new[] { p.W, p.B }));
        }

        all.AddRange(_statics.Parameters);
        all.AddRange(_head.Parameters);
        Parameters = all;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Front padding added to a window of length <paramref name="lookback"/>: (−L) mod 2^Depth.</summary>
    public int FrontPadding(int lookback)
    {
        var m = 1 << _options.Depth;
        return ((m - (lookback % m)) % m);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is empty or has another K or other statics.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        var x = Ops.Transpose(ZooInputs.Windows(batch, _options.Features), 1, 2);    // (B, K, L)
        int n = x.Dim(0), l = x.Dim(2), pad = FrontPadding(l);
        if (pad > 0)
        {
            x = Ops.Concat([Tensor.Zeros(n, _options.Features, pad), x], 2);          // (B, K, L + pad)
        }

        var skips = new List<Tensor>(_down.Count);
        var h = x;
        foreach (var block in _down)
        {
            h = RunBlock(block, h);                                                   // (B, c·2^d, L_d)
            skips.Add(h);
            h = Ops.MaxPool1d(h, 2, 2);                                               // (B, c·2^d, L_d / 2)
        }

        h = RunBlock(_bottleneck, h);
        for (var i = 0; i < _up.Count; i++)
        {
            h = Ops.ConvTranspose1d(h, _up[i].W, _up[i].B, 2, 0);                     // (B, c·2^d, L_d)
            h = RunBlock(_decode[i], Ops.Concat([h, skips[skips.Count - 1 - i]], 1));
        }

        var real = pad > 0 ? Ops.Slice(h, 2, pad, l) : h;                             // (B, c, L)
        var pooled = Ops.Mean(real, 2);                                               // (B, c)
        var last = Ops.Reshape(Ops.Slice(real, 2, l - 1, 1), n, real.Dim(1));         // (B, c)
        var z = Ops.Concat([pooled, last], 1);
        var s = _statics.Forward(batch);
        if (s is not null)
        {
            z = Ops.Concat([z, s], 1);
        }

        return _head.Forward(ZooInputs.MaybeDropout(z, _options.Dropout, training, rng));
    }

    private static (Parameter W, Parameter B)[] Block(string name, int cin, int cout, int kernel, Random rng) =>
        [ZooInputs.ConvParameters(name + ".conv0", cin, cout, kernel, rng), ZooInputs.ConvParameters(name + ".conv1", cout, cout, kernel, rng)];

    private Tensor RunBlock((Parameter W, Parameter B)[] block, Tensor x)
    {
        foreach (var (w, b) in block)
        {
            x = Ops.Relu(Ops.Conv1d(x, w, b, 1, (_options.Kernel - 1) / 2));
        }

        return x;
    }
}
