package io.netmaker.kubernetes;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Informer handlers that pass each event on as one object: the informer's three callbacks folded into one. */
public final class ObjectEvents<T> implements ResourceEventHandler<T> {
    private final Consumer<T> onChange;
    private final boolean nullOnDelete;

    private ObjectEvents(Consumer<T> onChange, boolean nullOnDelete) {
        this.onChange = onChange;
        this.nullOnDelete = nullOnDelete;
    }

    /**
     * For an informer on one named object: its latest state, i.e. the object on add and update and null on delete
     * (also when the final state is unknown). Called on the informer's thread.
     */
    public static <T> ObjectEvents<T> latest(Consumer<T> onChange) {
        return new ObjectEvents<>(onChange, true);
    }

    /** For controllers: the object of every event, the deleted one's last known state included (to enqueue its key). */
    public static <T> ObjectEvents<T> each(Consumer<T> onObject) {
        return new ObjectEvents<>(onObject, false);
    }

    @Override
    public void onAdd(T obj) {
        onChange.accept(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.accept(nullOnDelete ? null : obj);
    }
}
