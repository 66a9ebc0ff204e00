package org.labwatch.notify.channels;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * The context class loader while mail is built and sent. Jakarta Mail and Activation find their
 * implementation (Angus's stream provider, its mailcap with the text and multipart handlers, the
 * mailcap parser) with {@link java.util.ServiceLoader} and resource look-ups through the thread's
 * context class loader. In OSGi that loader sees neither Angus bundle and Karaf has no service
 * loader mediator, so sending would fail with "No provider of jakarta.mail.util.StreamProvider";
 * this loader adds the two Angus bundles' classes and resources. Outside OSGi it only repeats what
 * the application class loader already sees.
 */
final class MailClassLoader extends ClassLoader {

    static final MailClassLoader INSTANCE = new MailClassLoader();

    private final List<ClassLoader> implementations;

    private MailClassLoader() {
        super(MailClassLoader.class.getClassLoader());
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        for (Class<?> c : List.of(MailStreamProvider.class, MailcapRegistryProviderImpl.class)) {
            ClassLoader l = c.getClassLoader();
            if (l != null && l != getParent()) {
                loaders.add(l);
            }
        }
        this.implementations = List.copyOf(loaders);
    }

    /** Runs work with this loader as the thread's context class loader. */
    <T> T run(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader l : implementations) {
            try {
                return l.loadClass(name);
            } catch (ClassNotFoundException e) {
                // the next one may have it
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader l : implementations) {
            URL url = l.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (ClassLoader l : implementations) {
            urls.addAll(Collections.list(l.getResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
