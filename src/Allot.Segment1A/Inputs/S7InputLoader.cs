using Allot.Segment1A.Contracts;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Inputs;

/// <summary>Loads and joins S7's inputs; every violation is raised before any output is written.</summary>
public static class S7InputLoader
{
    /// <summary>Loads country sets, nb_final, merchant attributes and hyperparameters, and resolves α per merchant.</summary>
    public static S7Inputs Load(S7InputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lineage = options.Lineage;
        var (dictionary, countrySetPath, nbPath, merchantsPath) = InputPaths.Resolve(options);
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var sw = System.Diagnostics.Stopwatch.StartNew();

        // The three inputs are independent: read them concurrently. Every read finishes before anything is reported,
        // and failures are reported in the fixed order country_set, nb_final, merchants — what a sequential read
        // would raise first. Their timings (load_country_set, load_nb_final, load_merchant_attributes) overlap.
        var countriesRead = Timed(() => CountrySetReader.Read(countrySetPath, lineage.ManifestFingerprint));
        var nbRead = Timed(() => NbFinalReader.Read(nbPath, options.NbRunId, lineage));
        var attributesRead = Timed(() => MerchantAttributesReader.Read(merchantsPath));
        try
        {
            Task.WaitAll(countriesRead, nbRead, attributesRead);
        }
        catch (AggregateException)
        {
            // reported below, in the fixed order
        }

        var (countries, countriesMs) = countriesRead.GetAwaiter().GetResult();
        var ((nb, nbRunId), nbMs) = nbRead.GetAwaiter().GetResult();
        var (attributes, attributesMs) = attributesRead.GetAwaiter().GetResult();
        timings["load_country_set"] = countriesMs;
        timings["load_nb_final"] = nbMs;
        timings["load_merchant_attributes"] = attributesMs;
        sw.Restart();
        var hyper = CrossBorderHyperparameters.Load(InputPaths.Hyperparameters(options, dictionary));

        // Merge join: country sets, nb_final and the attributes are all sorted by merchant id.
        var merchants = countries.MerchantCount;
        var outlets = new long[merchants];
        var alpha = new S7Alpha(merchants);
        var rungs = new AlphaRung[merchants];
        var matched = 0;
        var (nbAt, attrAt) = (0, 0);
        for (var k = 0; k < merchants; k++)
        {
            var id = countries.MerchantIds[k];
            while (nbAt < nb.Count && nb.Merchants[nbAt] < id)
            {
                nbAt++;
            }

            if (nbAt == nb.Count || nb.Merchants[nbAt] != id)
            {
                throw S7Errors.Fail(S7Errors.UpstreamMissing, "the merchant has a country set but no nb_final event (N unknown).", key: $"merchant_id={id}");
            }

            outlets[k] = nb.Outlets[nbAt];
            matched++;
            rungs[k] = JoinAttributes(k, countries, attributes, ref attrAt, hyper, out var vector);
            if (vector is not null)
            {
                alpha.Set(k, vector);
            }
        }

        timings["load_join_alpha"] = sw.Elapsed.TotalMilliseconds;
        return new S7Inputs
        {
            LoadTimingsMs = timings,
            Lineage = lineage,
            Dictionary = dictionary,
            Countries = countries,
            Outlets = outlets,
            Alpha = alpha,
            Rungs = rungs,
            NbRunId = nbRunId,
            Hyperparameters = hyper,
            NbFinalWithoutCountrySet = nb.Count - matched,
        };
    }

    /// <summary>
    /// The planning view of S7's inputs, for a coordinator whose shards are computed elsewhere (a cluster): the
    /// country sets (the shard plan and the row count), the merchant attributes and hyperparameters (the fallback
    /// rung of every merchant, for the report) and the nb_final run id — but not the nb_final events, which only the
    /// shard workers read and check. <see cref="S7Inputs.Outlets"/> and <see cref="S7Inputs.Alpha"/> are empty and
    /// <see cref="S7Inputs.NbFinalWithoutCountrySet"/> is 0: these inputs cannot sample a merchant.
    /// </summary>
    public static S7Inputs LoadForPlanning(S7InputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lineage = options.Lineage;
        var (dictionary, countrySetPath, nbPath, merchantsPath) = InputPaths.Resolve(options);
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var countriesRead = Timed(() => CountrySetReader.Read(countrySetPath, lineage.ManifestFingerprint));
        var attributesRead = Timed(() => MerchantAttributesReader.Read(merchantsPath));
        try
        {
            Task.WaitAll(countriesRead, attributesRead);
        }
        catch (AggregateException)
        {
            // reported below, in Load's order
        }

        var (countries, countriesMs) = countriesRead.GetAwaiter().GetResult();
        var nbRunId = NbFinalReader.ResolveRun(nbPath, options.NbRunId);
        var (attributes, attributesMs) = attributesRead.GetAwaiter().GetResult();
        timings["load_country_set"] = countriesMs;
        timings["load_merchant_attributes"] = attributesMs;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var hyper = CrossBorderHyperparameters.Load(InputPaths.Hyperparameters(options, dictionary));
        // The same merge join as Load, without nb_final: attributes and country sets are sorted by merchant id.
        var rungs = new AlphaRung[countries.MerchantCount];
        var attrAt = 0;
        for (var k = 0; k < rungs.Length; k++)
        {
            rungs[k] = JoinAttributes(k, countries, attributes, ref attrAt, hyper, out _);
        }

        timings["load_join_alpha"] = sw.Elapsed.TotalMilliseconds;
        return new S7Inputs
        {
            LoadTimingsMs = timings,
            Lineage = lineage,
            Dictionary = dictionary,
            Countries = countries,
            Outlets = [],
            Alpha = new S7Alpha(0),
            Rungs = rungs,
            NbRunId = nbRunId,
            Hyperparameters = hyper,
            NbFinalWithoutCountrySet = 0,
        };
    }

    /// <summary>
    /// Merchant <paramref name="k"/>'s side of the merge join with the attributes (both sorted by merchant id):
    /// advances <paramref name="attrAt"/> to it, checks that it exists and that its home is the country set's, and
    /// resolves its α (rung and vector) when the set has foreign countries; a domestic-only merchant gets the default
    /// rung and a null vector.
    /// </summary>
    private static AlphaRung JoinAttributes(int k, CountrySets countries, MerchantAttributeTable attributes, ref int attrAt, CrossBorderHyperparameters hyper, out double[]? vector)
    {
        var id = countries.MerchantIds[k];
        while (attrAt < attributes.MerchantIds.Length && attributes.MerchantIds[attrAt] < id)
        {
            attrAt++;
        }

        if (attrAt == attributes.MerchantIds.Length || attributes.MerchantIds[attrAt] != id)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "the merchant is missing from the merchant attributes table.", key: $"merchant_id={id}");
        }

        var home = attributes.HomeIso[attrAt];
        var set = countries.Countries(k);
        if (home != set[0])
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"home_country_iso {IsoCode.Name(home)} differs from the country set's home {IsoCode.Name(set[0])}.", key: $"merchant_id={id}");
        }

        vector = null;
        return set.Length > 1 ? hyper.Resolve(home, attributes.Mcc[attrAt], attributes.Channels[attributes.Channel[attrAt]], set.Length, out vector) : default;
    }

    private static Task<(T Value, double Ms)> Timed<T>(Func<T> read) => Task.Run(() =>
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var value = read();
        return (value, sw.Elapsed.TotalMilliseconds);
    });

    /// <summary>
    /// Where S7's inputs are, from the options or the dataset dictionary — resolved the same way by the full load
    /// and the planning load. The hyperparameters are resolved separately, after the reads, as both loads always did
    /// (so a dictionary without them still reports the inputs' own errors first).
    /// </summary>
    private readonly record struct InputPaths(Data.Dictionary.DatasetDictionary Dictionary, string CountrySet, string NbFinal, string Merchants)
    {
        public static InputPaths Resolve(S7InputOptions options)
        {
            var dictionary = Segment1AContracts.Dictionary(options.DictionaryPath);
            var tokens = options.Lineage.Tokens();
            return new InputPaths(
                dictionary,
                dictionary.Resolve(options.DataRoot, "country_set", tokens, S7Errors.SchemaInvalid),
                dictionary.Resolve(options.DataRoot, "rng_event_nb_final", tokens, S7Errors.SchemaInvalid),
                options.MerchantsPath ?? dictionary.Resolve(options.DataRoot, "merchant_attributes", tokens, S7Errors.SchemaInvalid));
        }

        public static string Hyperparameters(S7InputOptions options, Data.Dictionary.DatasetDictionary dictionary) =>
            options.HyperparametersPath ?? dictionary.Resolve(options.DataRoot, "crossborder_hyperparams", options.Lineage.Tokens(), S7Errors.SchemaInvalid);
    }
}
