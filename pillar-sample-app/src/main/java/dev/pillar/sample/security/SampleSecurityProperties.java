package dev.pillar.sample.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the sample's actuator endpoints, from configuration
 * ({@code sample.security.*}): nothing here has a default password.
 *
 * @param users the users; none means nobody can log in
 */
@ConfigurationProperties("sample.security")
public record SampleSecurityProperties(List<User> users) {

	public SampleSecurityProperties {
		users = (users != null) ? users : List.of();
	}

	/**
	 * One user.
	 *
	 * @param name the login name
	 * @param password the password, encoded with a {@code {id}} prefix such as
	 * {@code {bcrypt}}, or plain text
	 * @param roles the roles: {@code ADMIN} may migrate and roll back, any user may read
	 * the status
	 */
	public record User(String name, String password, List<String> roles) {

		public User {
			if (name == null || name.isBlank() || password == null || password.isBlank()) {
				throw new IllegalArgumentException("Every sample.security.users entry needs a name and a password "
						+ "(user '" + name + "' has none): set SAMPLE_READER_PASSWORD and SAMPLE_ADMIN_PASSWORD, as "
						+ "scripts/run-sample.sh does");
			}
			roles = (roles != null) ? roles : List.of();
		}

	}

}
