package dev.pillar.sample.security;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator behind HTTP basic: health for anyone (probes), reading Pillar's status and
 * the other endpoints for any authenticated user, and Pillar's write operations (migrate,
 * rollback, …) for role {@code ADMIN} only: whoever can roll back can drop tables.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties(SampleSecurityProperties.class)
class SampleSecurityConfiguration {

	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				// the endpoint wherever management.endpoints.web.base-path puts it: its
				// write operations are its POSTs
				.requestMatchers(EndpointRequest.to("pillar").withHttpMethod(HttpMethod.POST))
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.httpBasic(Customizer.withDefaults())
			// a JSON API used with basic credentials, not a browser session: no CSRF
			// token to carry
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users(SampleSecurityProperties properties) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		List<UserDetails> users = properties.users()
			.stream()
			.map((user) -> User.withUsername(user.name())
				.password(user.password().startsWith("{") ? user.password() : encoder.encode(user.password()))
				.roles(user.roles().toArray(String[]::new))
				.build())
			.toList();
		return new InMemoryUserDetailsManager(users);
	}

}
