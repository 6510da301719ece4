package io.influxtimescale.devregistry.configindex;

import java.util.ArrayList;
import java.util.List;

import apicurio.common.app.components.config.index.DynamicPropertiesInfoRecorder;
import io.apicurio.common.apps.config.DynamicConfigPropertyDef;
import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

/**
 * The one build step of the missing deployment artifact: the registry injects its runtime-changeable settings as
 * {@code @ConfigProperty(name = ..., defaultValue = ...) @Dynamic Supplier<T> field}, and its admin API and config
 * storage look them up through a {@link DynamicConfigPropertyList} bean. This step collects those injection points
 * at build time and publishes the list as a synthetic bean, built at runtime init by the published runtime
 * recorder. Without the bean the application fails CDI validation (an unsatisfied dependency).
 */
public class DynamicConfigIndexStep {
    private static final DotName CONFIG_PROPERTY =
            DotName.createSimple("org.eclipse.microprofile.config.inject.ConfigProperty");
    private static final DotName DYNAMIC = DotName.createSimple("io.apicurio.common.apps.config.Dynamic");

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void dynamicConfigPropertyList(DynamicPropertiesInfoRecorder recorder, BeanDiscoveryFinishedBuildItem beans,
                                   BuildProducer<SyntheticBeanBuildItem> syntheticBeans) {
        List<DynamicConfigPropertyDef> definitions = new ArrayList<>();
        for (InjectionPointInfo point : beans.getInjectionPoints()) {
            AnnotationInstance configProperty = point.getRequiredQualifier(CONFIG_PROPERTY);
            if (configProperty == null || !point.isField()) {
                continue;
            }
            AnnotationInstance dynamic = point.getTarget().asField().annotation(DYNAMIC);
            if (dynamic == null) {
                continue;
            }
            definitions.add(definition(point, configProperty, dynamic));
        }
        syntheticBeans.produce(SyntheticBeanBuildItem.configure(DynamicConfigPropertyList.class)
                .runtimeValue(recorder.initializePropertiesInfo(definitions))
                .unremovable()
                .setRuntimeInit()
                .done());
    }

    private static DynamicConfigPropertyDef definition(InjectionPointInfo point, AnnotationInstance configProperty,
                                                       AnnotationInstance dynamic) {
        String name = configProperty.value("name").asString();
        Type declared = point.getRequiredType();
        if (declared.kind() != Type.Kind.PARAMETERIZED_TYPE) {
            throw new IllegalStateException("dynamic config property " + name + " at " + point.getTargetInfo()
                    + " must be injected as Supplier<T>, not " + declared);
        }
        AnnotationValue defaultValue = configProperty.value("defaultValue");
        if (defaultValue == null) {
            throw new IllegalStateException("dynamic config property " + name + " has no default value");
        }
        String typeName = declared.asParameterizedType().arguments().get(0).name().toString();
        Class<?> type;
        try {
            type = Class.forName(typeName, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("type " + typeName + " of dynamic config property " + name, e);
        }
        DynamicConfigPropertyDef def = new DynamicConfigPropertyDef(name, type, defaultValue.asString());
        AnnotationValue label = dynamic.value("label");
        AnnotationValue description = dynamic.value("description");
        AnnotationValue requires = dynamic.value("requires");
        if (label != null) {
            def.setLabel(label.asString());
        }
        if (description != null) {
            def.setDescription(description.asString());
        }
        if (requires != null) {
            def.setRequires(requires.asStringArray());
        }
        return def;
    }
}
