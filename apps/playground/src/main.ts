import 'katex/dist/katex.min.css';
import './styles.css';
import './app.js';
