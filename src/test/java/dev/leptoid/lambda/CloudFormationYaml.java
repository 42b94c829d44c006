package dev.leptoid.lambda;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Map;

/**
 * Loads a CloudFormation/SAM template, turning the short-form tags into their long form as plain
 * maps: {@code !Ref x} becomes {@code {Ref: x}}, {@code !Sub s} becomes {@code {Fn::Sub: s}},
 * {@code !GetAtt a.b} becomes {@code {Fn::GetAtt: [a, b]}}, and so on for every {@code !Fn}.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String text) {
        return (Map<String, Object>) new Yaml(new Constructor()).load(text);
    }

    private static final class Constructor extends SafeConstructor {
        Constructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new ShortForm());
        }

        private final class ShortForm extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                Object value = switch (node) {
                    case ScalarNode s -> constructScalar(s);
                    case SequenceNode s -> constructSequence(s);
                    case MappingNode m -> constructMapping(m);
                    default -> throw new IllegalArgumentException("unexpected node " + node);
                };
                if (name.equals("Ref")) return Map.of("Ref", value);
                if (name.equals("GetAtt") && value instanceof String s) return Map.of("Fn::GetAtt", List.of(s.split("\\.", 2)));
                if (name.equals("Condition")) return Map.of("Condition", value);
                return Map.of("Fn::" + name, value);
            }
        }
    }

}
