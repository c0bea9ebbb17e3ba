package dev.crossfeed.spring.boot;

import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RoutingConfig;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * One {@link Router} bean per configured route, named {@code crossfeedRouter.<route>} and qualified by the route
 * name ({@code @Qualifier("default") Router router}); the default route's bean is primary, so it is also what a
 * plain {@code ChatModel} or {@code Router} injection point gets. The routers come from the one
 * {@link RoutingConfig} bean; Spring calls their {@code close()} (when the routing lifecycle has one) on shutdown.
 */
final class RouterRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  static final String BEAN_PREFIX = "crossfeedRouter.";

  private ConfigurableEnvironment environment;
  private BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = (ConfigurableEnvironment) environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    CrossfeedProperties properties = CrossfeedProperties.read(environment);
    String defaultRoute = defaultRoute(properties);
    for (String route : properties.routes) {
      RootBeanDefinition bd = new RootBeanDefinition(Router.class);
      bd.setInstanceSupplier(() -> beanFactory.getBean(RoutingConfig.class).router(route));
      bd.addQualifier(new AutowireCandidateQualifier(Qualifier.class, route));
      bd.setPrimary(route.equals(defaultRoute));
      bd.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
      registry.registerBeanDefinition(BEAN_PREFIX + route, bd);
    }
  }

  /** {@code crossfeed.default-route}, else the route named {@code default}, else the first route. */
  static String defaultRoute(CrossfeedProperties properties) {
    if (properties.defaultRoute != null) return properties.defaultRoute;
    if (properties.routes.contains("default")) return "default";
    return properties.routes.isEmpty() ? null : properties.routes.iterator().next();
  }
}
