export { ConfigurationError, isConfigurationError } from './errors.js'
